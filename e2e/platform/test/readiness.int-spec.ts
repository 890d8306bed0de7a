import { endpoints, freePort, resolveOptions, startServer, stopServer, type InfraOptions } from '@portico/local-infra';
import { ServiceProcess, waitFor } from '@portico/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Readiness is what a load balancer and Kubernetes act on: it must turn unhealthy when a
// dependency goes away and healthy again when it is back, without restarting the service.
// The test stops and starts servers, so it runs on PRIVATE Kafka and MongoDB instances.
describe('readiness follows Kafka and the database', () => {
  let infra: InfraOptions;
  let service: ServiceProcess;

  async function readyBody(): Promise<{ status: number; body: { error?: Record<string, unknown> } }> {
    const response = await fetch(`${service.baseUrl}/health/ready`, { signal: AbortSignal.timeout(8_000) });
    return { status: response.status, body: (await response.json()) as { error?: Record<string, unknown> } };
  }

  const becomes = (status: number, what: string) =>
    waitFor(async () => (await service.health('ready')) === status, { timeoutMs: 40_000, intervalMs: 250, description: what });

  beforeAll(async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'portico-readiness-'));
    const [kafka, kafkaController, mongo, s3, smtp, mailpit] = await Promise.all(Array.from({ length: 6 }, () => freePort()));
    infra = resolveOptions(process.env, { stateDir, ports: { kafka, kafkaController, mongo, s3, smtp, mailpit }, log: () => undefined });
    await Promise.all([startServer(infra, 'kafka'), startServer(infra, 'mongo')]);
    const urls = endpoints(infra);
    service = await new ServiceProcess({
      service: 'clients',
      env: {
        PORT: String(await freePort()),
        MONGO_URL: urls.mongoUrl,
        MONGO_DB: 'test_readiness',
        KAFKA_BROKERS: urls.kafkaBrokers.join(','),
        JWKS_URI: 'http://127.0.0.1:9/unused', // no request carries a token here
      },
    }).start();
  });

  afterAll(async () => {
    await service?.stop();
    if (infra) {
      await Promise.all([stopServer(infra, 'kafka'), stopServer(infra, 'mongo')]);
      rmSync(infra.stateDir, { recursive: true, force: true });
    }
  });

  it('is ready while both answer', async () => {
    expect(await readyBody()).toMatchObject({ status: 200 });
    expect(await service.health('live')).toBe(200);
  });

  it('turns 503 naming kafka when the broker stops, and 200 when it is back', async () => {
    await stopServer(infra, 'kafka');
    await becomes(503, 'readiness to fail without Kafka');
    const down = await readyBody();
    expect(Object.keys(down.body.error ?? {})).toEqual(['kafka']);
    expect(await service.health('live')).toBe(200);

    await startServer(infra, 'kafka');
    await becomes(200, 'readiness to recover with Kafka back');
  });

  it('turns 503 naming the database when it stops, and 200 when it is back', async () => {
    await stopServer(infra, 'mongo');
    await becomes(503, 'readiness to fail without MongoDB');
    const down = await readyBody();
    expect(Object.keys(down.body.error ?? {})).toEqual(['mongo']);
    expect(await service.health('live')).toBe(200);

    await startServer(infra, 'mongo');
    await becomes(200, 'readiness to recover with MongoDB back');
  });
});
