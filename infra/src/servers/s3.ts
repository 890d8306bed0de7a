// S3: Versity Gateway with its posix backend (objects are plain files under data/s3).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprintOf, goInstall, type InstallStep } from '../installer.ts';
import { serverPaths, type InfraOptions } from '../options.ts';
import type { ManagedProcess } from '../supervisor.ts';
import { SERVER_DEADLINE_MS, type ServerDef } from './server.ts';

export const VERSITYGW_VERSION = 'v1.7.0';
const MODULE = `github.com/versity/versitygw/cmd/versitygw@${VERSITYGW_VERSION}`;

const bin = (opts: InfraOptions): string => join(opts.cache, `versitygw-${VERSITYGW_VERSION}`, 'bin');
const buckets = (opts: InfraOptions): string => join(serverPaths(opts, 's3').data, 'buckets');
// The gateway refuses a sidecar (metadata) directory inside its root.
const sidecar = (opts: InfraOptions): string => join(serverPaths(opts, 's3').data, 'meta');

function installStep(opts: InfraOptions): InstallStep {
  return {
    label: `versitygw ${VERSITYGW_VERSION}`,
    dir: join(opts.cache, `versitygw-${VERSITYGW_VERSION}`),
    artifact: join(bin(opts), 'versitygw'),
    fingerprint: fingerprintOf(MODULE),
    expected: '~2 min',
    run: (logFile) => goInstall(MODULE, bin(opts), logFile).then(() => undefined),
  };
}

function processSpec(opts: InfraOptions): ManagedProcess {
  const paths = serverPaths(opts, 's3');
  const { accessKey, secretKey } = opts.s3;
  return {
    name: 's3',
    command: join(bin(opts), 'versitygw'),
    // Global flags must come before the backend name.
    args: [
      '--access',
      accessKey,
      '--secret',
      secretKey,
      '--port',
      `127.0.0.1:${opts.ports.s3}`,
      '--health',
      '/health',
      '--quiet',
      'posix',
      '--sidecar',
      sidecar(opts),
      buckets(opts),
    ],
    env: {},
    cwd: paths.data,
    port: opts.ports.s3,
    healthUrl: `http://127.0.0.1:${opts.ports.s3}/health`,
    pidFile: paths.pid,
    logFile: paths.log,
    deadlineMs: SERVER_DEADLINE_MS,
    expect: 'versitygw',
  };
}

export const s3: ServerDef = {
  name: 's3',
  ports: ['s3'],
  installSteps: (opts) => [installStep(opts)],
  process: processSpec,
  prepare: async (opts) => {
    mkdirSync(buckets(opts), { recursive: true });
    mkdirSync(sidecar(opts), { recursive: true });
  },
  url: (opts) => `http://127.0.0.1:${opts.ports.s3}`,
};
