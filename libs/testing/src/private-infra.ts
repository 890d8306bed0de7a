import { endpoints, freePort, resolveOptions, startServer, stopServer, type Endpoints, type InfraOptions, type ServerName } from '@portico/local-infra';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEndpoints } from './infra';

/**
 * Servers of one test file only (own ports and state dir), for tests that stop and start
 * them: a fault injected there cannot disturb any other test or a developer's stack.
 * `endpoints` are the private servers' for `servers` and the shared ones for the rest, ready
 * for `TestStack.start(..., { endpoints })`.
 */
export class PrivateInfra {
  private constructor(
    readonly options: InfraOptions,
    readonly servers: ServerName[],
  ) {}

  static async start(servers: ServerName[], label = 'private'): Promise<PrivateInfra> {
    const stateDir = mkdtempSync(join(tmpdir(), `portico-${label}-`));
    const [kafka, kafkaController, kafkaSasl, mongo, s3, smtp, mailpit] = await Promise.all(Array.from({ length: 7 }, () => freePort()));
    const ports = { kafka, kafkaController, kafkaSasl, mongo, s3, smtp, mailpit };
    const options = resolveOptions(process.env, { stateDir, ports, log: () => undefined });
    const infra = new PrivateInfra(options, servers);
    try {
      await Promise.all(servers.map((server) => startServer(options, server)));
    } catch (error) {
      await infra.stop();
      throw error;
    }
    return infra;
  }

  get endpoints(): Endpoints {
    const own = endpoints(this.options);
    const shared = testEndpoints();
    const has = (server: ServerName) => this.servers.includes(server);
    return {
      kafkaBrokers: has('kafka') ? own.kafkaBrokers : shared.kafkaBrokers,
      kafkaSasl: has('kafka') ? own.kafkaSasl : shared.kafkaSasl,
      mongoUrl: has('mongo') ? own.mongoUrl : shared.mongoUrl,
      s3: has('s3') ? own.s3 : shared.s3,
      smtp: has('smtp') ? own.smtp : shared.smtp,
      mailpitUrl: has('smtp') ? own.mailpitUrl : shared.mailpitUrl,
    };
  }

  /** Stops one server (SIGTERM; SIGKILL for a crash). */
  async stopServer(server: ServerName, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    await stopServer(this.options, server, signal);
  }

  /** Starts it again on the same ports and data, and waits until it is healthy. */
  async startServer(server: ServerName): Promise<void> {
    await startServer(this.options, server);
  }

  /** Stops every server and removes the state dir. */
  async stop(): Promise<void> {
    await Promise.allSettled(this.servers.map((server) => stopServer(this.options, server)));
    rmSync(this.options.stateDir, { recursive: true, force: true });
  }
}
