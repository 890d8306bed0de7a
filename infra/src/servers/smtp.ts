// SMTP + mail API: Mailpit, which keeps every accepted message for tests to inspect.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprintOf, goInstall, type InstallStep } from '../installer.ts';
import { serverPaths, type InfraOptions } from '../options.ts';
import type { ManagedProcess } from '../supervisor.ts';
import { SERVER_DEADLINE_MS, type ServerDef } from './server.ts';

export const MAILPIT_VERSION = 'v1.33.1';
const MODULE = `github.com/axllent/mailpit@${MAILPIT_VERSION}`;

const bin = (opts: InfraOptions): string => join(opts.cache, `mailpit-${MAILPIT_VERSION}`, 'bin');

function installStep(opts: InfraOptions): InstallStep {
  return {
    label: `mailpit ${MAILPIT_VERSION}`,
    dir: join(opts.cache, `mailpit-${MAILPIT_VERSION}`),
    artifact: join(bin(opts), 'mailpit'),
    fingerprint: fingerprintOf(MODULE),
    expected: '~1 min',
    run: (logFile) => goInstall(MODULE, bin(opts), logFile).then(() => undefined),
  };
}

function processSpec(opts: InfraOptions): ManagedProcess {
  const paths = serverPaths(opts, 'smtp');
  return {
    name: 'smtp',
    command: join(bin(opts), 'mailpit'),
    args: [
      '--smtp',
      `127.0.0.1:${opts.ports.smtp}`,
      '--listen',
      `127.0.0.1:${opts.ports.mailpit}`,
      // Services authenticate like they would against a real relay; any credentials pass.
      '--smtp-auth-accept-any',
      '--smtp-auth-allow-insecure',
      '--disable-version-check',
      // --max 0: keep every message (the default prunes above 500 a minute later, mid-test);
      // --database: keep them across restarts (fault-injection tests restart it).
      '--max',
      '0',
      '--database',
      join(paths.data, 'mailpit.db'),
      // Raw messages stored uncompressed and no reverse DNS of each SMTP client: less CPU per
      // message on a machine the whole stack shares (a bulk job stores thousands).
      '--compression',
      '0',
      '--smtp-disable-rdns',
    ],
    env: {},
    cwd: paths.data,
    port: opts.ports.smtp,
    healthUrl: `http://127.0.0.1:${opts.ports.mailpit}/readyz`,
    pidFile: paths.pid,
    logFile: paths.log,
    deadlineMs: SERVER_DEADLINE_MS,
    expect: 'mailpit',
  };
}

export const smtp: ServerDef = {
  name: 'smtp',
  ports: ['smtp', 'mailpit'],
  installSteps: (opts) => [installStep(opts)],
  process: processSpec,
  prepare: async (opts) => void mkdirSync(serverPaths(opts, 'smtp').data, { recursive: true }),
  url: (opts) => `smtp://127.0.0.1:${opts.ports.smtp} (ui http://127.0.0.1:${opts.ports.mailpit})`,
};
