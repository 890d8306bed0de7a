import { GenericContainer, StartedTestContainer, Wait } from 'testcontainers';
import type { Endpoints } from '@portico/local-infra';

/**
 * The Docker path of the test seam: the official images of the same servers. It cannot run
 * on machines without a Docker engine (ours): it is kept small and type-checked.
 */
const S3_KEYS = { accessKey: 'portico-test', secretKey: 'portico-test-secret' };

export async function startContainers(): Promise<{ endpoints: Endpoints; stop(): Promise<void> }> {
  const kafkaPort = 29_192;
  const [kafka, mongo, s3, mail] = await Promise.all([
    new GenericContainer('apache/kafka:4.1.1')
      .withExposedPorts({ container: 9092, host: kafkaPort })
      .withEnvironment({
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${kafkaPort}`,
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      })
      .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
      .start(),
    new GenericContainer('mongo:7').withExposedPorts(27017).withWaitStrategy(Wait.forListeningPorts()).start(),
    new GenericContainer('versity/versitygw:v1.7.0')
      .withExposedPorts(7070)
      .withEnvironment({ ROOT_ACCESS_KEY: S3_KEYS.accessKey, ROOT_SECRET_KEY: S3_KEYS.secretKey })
      .withCommand(['--health', '/health', 'posix', '--sidecar', '/tmp/meta', '/tmp/data'])
      .withWaitStrategy(Wait.forHttp('/health', 7070))
      .start(),
    new GenericContainer('axllent/mailpit:v1.33.1')
      .withExposedPorts(1025, 8025)
      .withEnvironment({ MP_SMTP_AUTH_ACCEPT_ANY: '1', MP_SMTP_AUTH_ALLOW_INSECURE: '1', MP_MAX_MESSAGES: '0' })
      .withWaitStrategy(Wait.forHttp('/readyz', 8025))
      .start(),
  ]);
  const all: StartedTestContainer[] = [kafka, mongo, s3, mail];
  return {
    endpoints: {
      kafkaBrokers: [`127.0.0.1:${kafkaPort}`],
      mongoUrl: `mongodb://${mongo.getHost()}:${mongo.getMappedPort(27017)}`,
      s3: { endPoint: s3.getHost(), port: s3.getMappedPort(7070), ...S3_KEYS, useSSL: false, region: 'us-east-1' },
      smtp: { host: mail.getHost(), port: mail.getMappedPort(1025) },
      mailpitUrl: `http://${mail.getHost()}:${mail.getMappedPort(8025)}`,
    },
    stop: async () => {
      await Promise.all(all.map((container) => container.stop()));
    },
  };
}
