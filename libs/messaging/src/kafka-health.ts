import { Kafka, logLevel } from 'kafkajs';
import { asKafkaConnection, kafkaConnectionConfig, type KafkaConnection } from './kafka-client';

export type KafkaHealth = { status: 'up'; brokers: number; latencyMs: number } | { status: 'down'; reason: string; latencyMs: number };

/**
 * One quick look at the cluster for a health endpoint: answers within about `timeoutMs` even
 * when no broker listens, because its client does not retry and every wait is bounded. It
 * connects the way the service's other clients do (TLS, SASL), so a rejected credential or an
 * untrusted certificate shows as down. A bare broker list means plaintext without authentication.
 */
export async function checkKafka(connection: KafkaConnection | readonly string[], timeoutMs = 3000): Promise<KafkaHealth> {
  const started = Date.now();
  const kafka = new Kafka({
    ...kafkaConnectionConfig(asKafkaConnection(connection)),
    clientId: 'portico-health',
    retry: { retries: 0 },
    connectionTimeout: Math.min(1000, timeoutMs),
    requestTimeout: timeoutMs,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const cluster = await Promise.race([admin.connect().then(() => admin.describeCluster()), timeout]);
    return { status: 'up', brokers: cluster.brokers.length, latencyMs: Date.now() - started };
  } catch (error) {
    return { status: 'down', reason: error instanceof Error ? error.message : String(error), latencyMs: Date.now() - started };
  } finally {
    clearTimeout(timer);
    // Not awaited: a hung connection must not hold the health answer back.
    void admin.disconnect().catch(() => undefined);
  }
}
