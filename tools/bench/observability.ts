// What metrics and tracing cost the bulk chain: a benchmark, not a test.
//
//   npm run bench:observability      (from the repository root; STOPS any dev stack it finds running)
//
// Starts the dev stack (`./portico start`) once per mode and runs bench:bulk (tools/bench/bulk.ts)
// against it, the modes alternating BENCH_ROUNDS times:
//   off  PORTICO_METRICS=off: no METRICS_PORT (no /metrics, no process collectors, no HTTP
//        timing) and no OTLP endpoint (the OpenTelemetry SDK is not even loaded);
//   on   METRICS_PORT on every process, scraped every BENCH_SCRAPE_MS as Prometheus would, and
//        traces exported by OTLP/HTTP to a receiver this script runs, sampled as the deployment
//        does (parentbased_traceidratio, BENCH_TRACE_RATIO of the traces: 0.1 as in
//        deploy/k8s/base/common.env; 1 exports every span).
// Each bench:bulk run has its own bare chain (the machine's speed at that moment), so a run is
// also compared with its bare chain. Prints each run and the overhead of on over off: the job's
// time, and the CPU seconds summed over every process of the stack.
//
// BENCH_MODES=off,metrics,on adds a run with metrics alone (the default is off,on).
// Environment: BENCH_ROUNDS (1), BENCH_MODES (off,on), BENCH_SCRAPE_MS (15000), BENCH_TRACE_RATIO (0.1), and every bench:bulk variable
// (BENCH_CLIENTS, BENCH_BARE, ...). The invitation rate limit is lifted for the seeding
// (PORTICO_SVC_INVITATION_RATE_LIMIT_PER_MINUTE=100), as bench:bulk recommends.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metricsPorts } from '../../infra/src/services.ts';
import { env, fail, intEnv, root } from './common.ts';

const MODES = ['off', 'metrics', 'on'] as const;
type Mode = (typeof MODES)[number];

interface Summary {
  porticoMs: number;
  bareMs: number;
  cpuSeconds: number;
  mailpitTotal: number;
  recipients: number;
}

interface Run extends Summary {
  mode: Mode;
  spans: number;
  scrapes: number;
}

/** Runs a command to its end, its output passed through with a prefix; rejects on a non-zero exit. */
function run(label: string, command: string, args: string[], extraEnv: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    const relay = (chunk: Buffer) => process.stdout.write(chunk.toString().replace(/^(?=.)/gm, `[${label}] `));
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${label}: ${command} ${args.join(' ')} exited with ${code}`))));
  });
}

/** An OTLP/HTTP trace receiver that counts the spans it is sent (JSON or protobuf: counted from JSON only, else by request). */
async function otlpReceiver(): Promise<{ url: string; spans: () => number; close: () => void }> {
  let spans = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      if ((req.headers['content-type'] ?? '').includes('json')) spans += (body.match(/"spanId"/g) ?? []).length;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') fail('the OTLP receiver has no port');
  return { url: `http://127.0.0.1:${(address as { port: number }).port}`, spans: () => spans, close: () => server.close() };
}

/** Scrapes every process's /metrics every `everyMs` (the text is read in full, as Prometheus does). */
function scraper(everyMs: number): { scrapes: () => number; stop: () => void } {
  let scrapes = 0;
  const timer = setInterval(() => {
    for (const port of metricsPorts({ ...process.env, PORTICO_METRICS: 'on' })) {
      fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5_000) })
        .then((res) => res.text())
        .then(() => scrapes++)
        .catch(() => undefined);
    }
  }, everyMs);
  return { scrapes: () => scrapes, stop: () => clearInterval(timer) };
}

async function once(mode: Mode, round: number, scrapeMs: number, traceRatio: string): Promise<Run> {
  const label = `${mode} #${round}`;
  const summaryFile = join(mkdtempSync(join(tmpdir(), 'bench-observability-')), 'summary.json');
  const receiver = mode === 'on' ? await otlpReceiver() : undefined;
  const metrics = mode !== 'off';
  const stackEnv: Record<string, string> = {
    PORTICO_SVC_INVITATION_RATE_LIMIT_PER_MINUTE: env.PORTICO_SVC_INVITATION_RATE_LIMIT_PER_MINUTE ?? '100',
    PORTICO_METRICS: metrics ? 'on' : 'off',
    ...(receiver && {
      PORTICO_SVC_OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      PORTICO_SVC_OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      PORTICO_SVC_OTEL_TRACES_SAMPLER_ARG: traceRatio,
    }),
  };
  const what = [
    metrics ? `metrics scraped every ${scrapeMs} ms` : 'no metrics',
    receiver ? `traces sampled at ${traceRatio}, exported to ${receiver.url}` : 'no tracing',
  ];
  console.log(`\n=== ${label}: ./portico start (${what.join(', ')})`);
  await run(label, './portico', ['stop'], {});
  await run(label, './portico', ['start'], stackEnv);
  const scrape = metrics ? scraper(scrapeMs) : undefined;
  try {
    await run(label, process.execPath, [join('tools', 'bench', 'bulk.ts')], { BENCH_SUMMARY_FILE: summaryFile });
  } finally {
    scrape?.stop();
    await run(label, './portico', ['stop'], {});
    receiver?.close();
  }
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as Summary;
  if (summary.mailpitTotal !== summary.recipients) fail(`${label}: Mailpit holds ${summary.mailpitTotal} emails, expected ${summary.recipients}`);
  return { ...summary, mode, spans: receiver?.spans() ?? 0, scrapes: scrape?.scrapes() ?? 0 };
}

async function main(): Promise<void> {
  const rounds = intEnv('BENCH_ROUNDS', 1);
  const scrapeMs = intEnv('BENCH_SCRAPE_MS', 15_000);
  const traceRatio = env.BENCH_TRACE_RATIO ?? '0.1';
  const ratio = Number(traceRatio);
  if (!(ratio > 0 && ratio <= 1)) fail(`BENCH_TRACE_RATIO must be a number above 0 and at most 1 (got ${traceRatio})`);
  const modes = (env.BENCH_MODES ?? 'off,on').split(',').map((mode) => mode.trim());
  const unknown = modes.filter((mode) => !(MODES as readonly string[]).includes(mode));
  if (unknown.length > 0 || modes.length === 0) fail(`BENCH_MODES takes a comma-separated list of ${MODES.join(', ')} (got ${env.BENCH_MODES})`);
  const runs: Run[] = [];
  for (let round = 1; round <= rounds; round++) for (const mode of modes as Mode[]) runs.push(await once(mode, round, scrapeMs, traceRatio));

  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(`\n=== bench:observability (${runs[0]!.recipients} recipients per job, ${rounds} round(s); on: traces sampled at ${traceRatio}) ===`);
  console.log('mode      job (all sent)   CPU s (all processes)   bare chain   job / bare   spans exported   scrapes');
  for (const r of runs) {
    console.log(
      `${r.mode.padEnd(9)} ${s(r.porticoMs).padStart(14)}   ${r.cpuSeconds.toFixed(1).padStart(21)}   ${s(r.bareMs).padStart(10)}   ${(r.porticoMs / r.bareMs).toFixed(2).padStart(10)}   ${String(r.spans).padStart(14)}   ${String(r.scrapes).padStart(7)}`,
    );
  }
  const mean = (mode: Mode, pick: (r: Run) => number) => {
    const of = runs.filter((r) => r.mode === mode).map(pick);
    return of.reduce((a, b) => a + b, 0) / of.length;
  };
  const overhead = (mode: Mode, pick: (r: Run) => number) => `${(((mean(mode, pick) - mean('off', pick)) / mean('off', pick)) * 100).toFixed(1)} %`;
  const compared = { metrics: 'metrics alone', on: 'metrics + tracing' } as const;
  if (!modes.includes('off')) console.log('(no off run: no overhead to compute; compare with an earlier run of off)');
  for (const mode of (['metrics', 'on'] as const).filter((m) => modes.includes('off') && modes.includes(m))) {
    console.log(
      `overhead of ${compared[mode]} (${mode} over off, means): job time ${overhead(mode, (r) => r.porticoMs)}, CPU ${overhead(mode, (r) => r.cpuSeconds)}, job / bare ${overhead(mode, (r) => r.porticoMs / r.bareMs)}   (goal: under 10 %)`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`\nbench:observability FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
