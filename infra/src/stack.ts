// Entry point of `./portico start|stop|status`: the local infrastructure plus every Portico
// service as a built process (dist/services/<name>/src/main.js), the gateway in front, and
// a seeded demo firm. Run after `nx run-many -t build`.
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { down as infraDown, status as infraStatus, up as infraUp } from './infra.ts';
import { endpoints, resolveOptions, type InfraOptions } from './options.ts';
import { DEMO, loginHint, seedDemoFirm } from './seed.ts';
import { GATEWAY, metricsOn, portOf, SERVICES, type ServiceDef } from './services.ts';
import { isAlive, startProcess, stopProcess, type ManagedProcess, type StartResult } from './supervisor.ts';
import { InfraError } from './util.ts';

/** The dev signing key of identity: generated once, kept in the ignored state dir. */
function signingKey(opts: InfraOptions): { file: string; kid: string } {
  const dir = join(opts.stateDir, 'keys');
  const file = join(dir, 'jwt-private.pem');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  const kid = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
  return { file, kid };
}

/** The demo owner's password: random on first start, then kept (never in the repository). */
function demoPassword(opts: InfraOptions): string {
  const file = join(opts.stateDir, 'demo-credentials');
  if (!existsSync(file)) {
    mkdirSync(opts.stateDir, { recursive: true });
    writeFileSync(file, `${randomBytes(12).toString('base64url')}\n`, { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

function processes(opts: InfraOptions, env: NodeJS.ProcessEnv): ManagedProcess[] {
  const infra = endpoints(opts);
  const key = signingKey(opts);
  const url = (def: ServiceDef): string => `http://127.0.0.1:${portOf(def, env)}`;
  const identityUrl = url(SERVICES[0]!);
  const common: Record<string, string> = {
    NODE_ENV: 'development',
    LOG_LEVEL: env.LOG_LEVEL ?? 'info',
    MONGO_URL: infra.mongoUrl,
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    JWKS_URI: `${identityUrl}/api/identity/.well-known/jwks.json`,
    JWT_ISSUER: 'portico-identity',
    JWT_AUDIENCE: 'portico',
    JWT_PRIVATE_KEY_FILE: key.file,
    JWT_KEY_ID: key.kid,
    SMTP_HOST: infra.smtp.host,
    SMTP_PORT: String(infra.smtp.port),
    S3_ENDPOINT: infra.s3.endPoint,
    S3_PORT: String(infra.s3.port),
    S3_ACCESS_KEY: infra.s3.accessKey,
    S3_SECRET_KEY: infra.s3.secretKey,
    PORTAL_BASE_URL: `${url(GATEWAY)}`,
  };
  for (const def of [...SERVICES, GATEWAY]) common[`${def.name.toUpperCase()}_URL`] = url(def);
  // Tuning and diagnostics for a local run: PORTICO_SVC_<NAME>=value reaches every service as <NAME>=value
  // (e.g. PORTICO_SVC_MONGO_COMMAND_STATS_MS=5000 ./portico start).
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('PORTICO_SVC_') && value !== undefined) common[name.slice('PORTICO_SVC_'.length)] = value;
  }
  return [...SERVICES, GATEWAY].map((def) => ({
    name: def.name,
    command: process.execPath,
    args: [join(opts.root, 'dist', 'services', def.name, 'src', 'main.js')],
    env: {
      ...common,
      PORT: String(portOf(def, env)),
      ...(metricsOn(env) ? { METRICS_PORT: String(portOf(def, env, 'METRICS_PORT')) } : {}),
      MONGO_DB: `portico_${def.name}`,
    },
    cwd: opts.root,
    healthUrl: `${url(def)}/health/ready`,
    port: portOf(def, env),
    pidFile: join(opts.stateDir, 'run', `${def.name}.pid`),
    logFile: join(opts.stateDir, 'logs', `${def.name}.log`),
    deadlineMs: 60_000,
    expect: `dist/services/${def.name}/`,
  }));
}

async function start(opts: InfraOptions, env: NodeJS.ProcessEnv): Promise<void> {
  const t0 = Date.now();
  await infraUp(opts);
  const all = processes(opts, env);
  const gateway = all.find((p) => p.name === GATEWAY.name)!;
  const services = all.filter((p) => p !== gateway);
  opts.log?.(`==> starting ${services.length} services and the gateway`);
  const results = await Promise.allSettled([...services.map((p) => startProcess(p))]);
  const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [`${services[i]!.name}: ${(r.reason as Error).message}`] : []));
  if (failed.length > 0) throw new InfraError(`services failed to start:\n  ${failed.join('\n  ')}`);
  const gatewayResult = await startProcess(gateway);
  const started = [...results.map((r, i) => ({ p: services[i]!, r: (r as PromiseFulfilledResult<StartResult>).value })), { p: gateway, r: gatewayResult }];
  for (const { p, r } of started) {
    opts.log?.(
      `    ${p.name.padEnd(14)} ${r.alreadyRunning ? 'already running' : `ready in ${(r.ms / 1000).toFixed(1)} s`}  ${p.healthUrl!.replace('/health/ready', '')}`,
    );
  }
  const gatewayUrl = gateway.healthUrl!.replace('/health/ready', '');
  const password = demoPassword(opts);
  await seedDemoFirm(gatewayUrl, password);
  const mailpit = endpoints(opts).mailpitUrl;
  opts.log?.(`
Portico is up (${((Date.now() - t0) / 1000).toFixed(1)} s).
  API gateway   ${gatewayUrl}/api/<service>/...
  API docs      ${gatewayUrl}/api/docs   (Swagger UI in a browser; JSON for curl)
  Mail (SMTP)   ${mailpit}   (every email Portico sends lands here)
  Metrics       ${metricsOn(env) ? `http://localhost:${portOf(GATEWAY, env, 'METRICS_PORT')}/metrics (gateway), ${SERVICES.map((def) => portOf(def, env, 'METRICS_PORT')).join(', ')} (${SERVICES.map((def) => def.name).join(', ')})` : 'off (PORTICO_METRICS=off)'}
  Logs          ${join(opts.stateDir, 'logs')}/
  Demo firm     ${DEMO.firmName}
    log in:     ${loginHint(gatewayUrl, password)}
Stop everything with ./portico stop`);
}

async function stop(opts: InfraOptions, env: NodeJS.ProcessEnv): Promise<void> {
  for (const p of processes(opts, env).reverse()) {
    if (await stopProcess(p)) opts.log?.(`stopped ${p.name}`);
  }
  await infraDown(opts);
}

async function status(opts: InfraOptions, env: NodeJS.ProcessEnv): Promise<void> {
  for (const s of await infraStatus(opts)) {
    opts.log?.(`${s.server.padEnd(14)} ${s.running ? `running pid ${s.pid} ${s.healthy ? 'healthy' : 'NOT healthy'}` : 'stopped'}`);
  }
  for (const p of processes(opts, env)) {
    const pid = isAlive(p.pidFile, p.expect);
    let health = '';
    if (pid)
      health =
        (await fetch(p.healthUrl!).then(
          (r) => r.status,
          () => 0,
        )) === 200
          ? 'healthy'
          : 'NOT healthy';
    opts.log?.(`${p.name.padEnd(14)} ${pid ? `running pid ${pid} ${health}` : 'stopped'}`);
  }
}

const commands: Record<string, (opts: InfraOptions, env: NodeJS.ProcessEnv) => Promise<void>> = { start, stop, status };
const command = commands[process.argv[2] ?? ''];
if (!command) {
  console.error('usage: node infra/src/stack.ts start|stop|status');
  process.exit(2);
}
command(resolveOptions(process.env), process.env).then(
  () => process.exit(0),
  (err: unknown) => {
    if (err instanceof InfraError && err.details) console.error(err.details);
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
