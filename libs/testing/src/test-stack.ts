import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createConnection, type Connection, type mongo } from 'mongoose';
import { allTopics } from '@portico/contracts';
import { freePort, type Endpoints } from '@portico/local-infra';
import { startConsumerGroupAtEnd } from './consumer-groups';
import { assertTestDatabase } from './database';
import { testEndpoints } from './infra';
import { ServiceProcess } from './service-process';

/** How long each service of a stack may take to become ready: generous, since a loaded 2-core CI machine starts eight at once. */
const STACK_READY_TIMEOUT_MS = 120_000;

export type StackService = 'clients' | 'invitations' | 'identity' | 'files' | 'billing' | 'notifications' | 'tasks' | 'gateway';

export interface TestStackOptions {
  /**
   * Servers of this run instead of the shared test ones, e.g. a private Kafka and Mailpit for
   * a test that stops them (see `PrivateInfra`). Unset fields keep the shared endpoints.
   */
  endpoints?: Partial<Endpoints>;
  /** What each service runs (default: the workspace's built main.js), e.g. its production bundle's main.js. */
  main?: (service: StackService) => string;
  /** Working directory of every service process (default: the test's). */
  cwd?: string;
  /**
   * Replicas of a backend (default 1): each its own process and PORT, sharing the service's
   * database and consumer group; the gateway gets them all in `<SERVICE>_URL`. An extra
   * replica whose extraEnv sets METRICS_PORT gets a free port of its own for it.
   */
  replicas?: Partial<Record<Exclude<StackService, 'gateway'>, number>>;
}

/**
 * Several Portico services started as built processes and wired together the way
 * `./portico start` wires them (identity's JWKS, the gateway in front), but on free ports,
 * with databases and consumer groups of their own: a test run never shares state with a
 * developer's running stack or another test file.
 */
export class TestStack {
  /** Each service's replicas (the gateway: one). */
  private readonly processes = new Map<StackService, ServiceProcess[]>();
  private readonly databases = new Map<StackService, string>();
  private connection: Promise<Connection> | undefined;

  private constructor(
    private readonly run: string,
    /** The servers this stack's services use. */
    readonly endpoints: Endpoints,
  ) {}

  static async start(
    services: StackService[],
    extraEnv: Partial<Record<StackService, Record<string, string>>> = {},
    options: TestStackOptions = {},
  ): Promise<TestStack> {
    const stack = new TestStack(randomBytes(4).toString('hex'), { ...testEndpoints(), ...options.endpoints });
    const infra = stack.endpoints;
    const ports = new Map<StackService, number[]>();
    for (const name of services) {
      const replicas = name === 'gateway' ? 1 : (options.replicas?.[name] ?? 1);
      if (!Number.isInteger(replicas) || replicas < 1) throw new Error(`replicas of ${name} must be a whole number of at least 1`);
      const found: number[] = [];
      while (found.length < replicas) found.push(await freePort());
      ports.set(name, found);
    }
    // Replica 0's; the gateway gets every replica's.
    const url = (name: StackService) => `http://127.0.0.1:${ports.get(name)?.[0] ?? 9}`;
    const urls = (name: StackService) => (ports.get(name) ?? [9]).map((port) => `http://127.0.0.1:${port}`).join(',');
    const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const shared: Record<string, string> = {
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      MONGO_URL: infra.mongoUrl,
      JWKS_URI: `${url('identity')}/api/identity/.well-known/jwks.json`,
      JWT_PRIVATE_KEY: privateKey,
      JWT_KEY_ID: `test-${stack.run}`,
      SMTP_HOST: infra.smtp.host,
      SMTP_PORT: String(infra.smtp.port),
      S3_ENDPOINT: infra.s3.endPoint,
      S3_PORT: String(infra.s3.port),
      S3_ACCESS_KEY: infra.s3.accessKey,
      S3_SECRET_KEY: infra.s3.secretKey,
      PORTAL_BASE_URL: url('gateway'),
    };
    for (const name of services) shared[`${name.toUpperCase()}_URL`] = urls(name);
    try {
      const backends = services.filter((name) => name !== 'gateway');
      // Everything the stack is tested with happens after it starts: its consumers skip the
      // shared broker's history (earlier test runs), which would otherwise be replayed first
      // and, for notifications, emailed again.
      const topics = allTopics.map((topic) => topic.name);
      await Promise.all(backends.map((name) => startConsumerGroupAtEnd(infra.kafkaBrokers, `${name}-${stack.run}`, topics)));
      await Promise.all(
        backends.flatMap((name) => {
          const database = `test_${name}_${stack.run}`;
          stack.databases.set(name, database);
          return (ports.get(name) ?? []).map(async (port, replica) => {
            const env: Record<string, string> = {
              ...shared,
              PORT: String(port),
              MONGO_DB: database,
              KAFKA_GROUP_ID: `${name}-${stack.run}`,
              ...extraEnv[name],
            };
            if (replica > 0 && env.METRICS_PORT !== undefined) env.METRICS_PORT = String(await freePort());
            return stack.add(
              name,
              replica,
              new ServiceProcess({ service: name, env, readyTimeoutMs: STACK_READY_TIMEOUT_MS, main: options.main?.(name), cwd: options.cwd }),
            );
          });
        }),
      );
      if (services.includes('gateway')) {
        // The gateway is ready only when every service is; a partial stack waits for it to be live.
        const gatewayEnv = { ...shared, PORT: String(ports.get('gateway')?.[0]), ...extraEnv.gateway };
        await stack.add(
          'gateway',
          0,
          new ServiceProcess({
            service: 'gateway',
            env: gatewayEnv,
            readyTimeoutMs: STACK_READY_TIMEOUT_MS,
            waitFor: backends.length === 7 ? 'ready' : 'live',
            main: options.main?.('gateway'),
            cwd: options.cwd,
          }),
        );
      }
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  private async add(name: StackService, replica: number, process: ServiceProcess): Promise<void> {
    const replicas = this.processes.get(name) ?? [];
    replicas[replica] = process;
    this.processes.set(name, replicas);
    await process.start();
  }

  /** Base URL of a service, its replica 0's (the gateway's is the public origin). */
  url(name: StackService): string {
    return this.service(name).baseUrl;
  }

  /** A service's process: its replica 0 when it has several. */
  service(name: StackService): ServiceProcess {
    return this.replica(name, 0);
  }

  /** Replica `index` (from 0) of a service started with `replicas`, e.g. to stop and start it again. */
  replica(name: StackService, index: number): ServiceProcess {
    const replicas = this.processes.get(name);
    if (!replicas) throw new Error(`${name} is not part of this stack`);
    const process = replicas[index];
    if (!process) throw new Error(`${name} has no replica ${index} in this stack (it has ${replicas.length})`);
    return process;
  }

  /**
   * The database of one of the stack's services (`test_<service>_<run>`), dropped when the
   * stack stops. For the rare state no API may produce, such as an invitation past its expiry
   * when the shortest setting is a day: a test that writes here should say why.
   */
  async database(name: StackService): Promise<mongo.Db> {
    const database = this.databases.get(name);
    if (!database) throw new Error(`${name} has no database in this stack`);
    assertTestDatabase(database);
    const db = (await this.connect()).useDb(database, { useCache: true }).db;
    if (!db) throw new Error(`No connection to ${database}`);
    return db;
  }

  /** Stops every process (every replica) and drops the stack's databases. */
  async stop(): Promise<void> {
    await Promise.all([...this.processes.values()].flat().map((process) => process.stop()));
    if (this.databases.size === 0) return;
    const connection = await this.connect();
    try {
      for (const database of this.databases.values()) {
        assertTestDatabase(database);
        await connection.useDb(database).dropDatabase();
      }
    } finally {
      this.connection = undefined;
      await connection.close();
    }
  }

  private connect(): Promise<Connection> {
    this.connection ??= createConnection(this.endpoints.mongoUrl)
      .asPromise()
      .catch((error: unknown) => {
        this.connection = undefined;
        throw error;
      });
    return this.connection;
  }
}
