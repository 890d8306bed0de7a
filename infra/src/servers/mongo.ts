// MongoDB wire protocol: mongo-java-server (in-memory) behind a small Java main.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprintOf, mavenCopyDependencies, runTool, type InstallStep } from '../installer.ts';
import { serverPaths, type InfraOptions } from '../options.ts';
import type { ManagedProcess } from '../supervisor.ts';
import { SERVER_DEADLINE_MS, type ServerDef } from './server.ts';

export const MONGO_JAVA_SERVER_VERSION = '1.47.0';

const home = (opts: InfraOptions): string => join(opts.cache, `mongo-java-server-${MONGO_JAVA_SERVER_VERSION}`);
const lib = (opts: InfraOptions): string => join(home(opts), 'lib');
const classes = (opts: InfraOptions): string => join(home(opts), 'classes');
const source = (opts: InfraOptions): string => join(opts.root, 'infra', 'mongo', 'PorticoMongo.java');

function installStep(opts: InfraOptions): InstallStep {
  const pom = join(opts.root, 'infra', 'mongo', 'pom.xml');
  return {
    label: `mongo-java-server ${MONGO_JAVA_SERVER_VERSION}`,
    dir: home(opts),
    artifact: join(classes(opts), 'PorticoMongo.class'),
    // The main is ours too: editing it must rebuild.
    fingerprint: fingerprintOf(readFileSync(pom, 'utf8'), readFileSync(source(opts), 'utf8')),
    expected: '~10 s',
    run: async (logFile) => {
      await mavenCopyDependencies(pom, lib(opts), logFile, opts.root);
      mkdirSync(classes(opts), { recursive: true });
      await runTool('javac', ['-d', classes(opts), '-cp', join(lib(opts), '*'), source(opts)], { cwd: home(opts), logFile });
    },
  };
}

function processSpec(opts: InfraOptions): ManagedProcess {
  const paths = serverPaths(opts, 'mongo');
  return {
    name: 'mongo',
    command: 'java',
    // Data lives in the heap: 3 GiB bounds a runaway test without limiting a 10,000-recipient bench.
    args: ['-Xms64m', '-Xmx3g', '-cp', `${classes(opts)}:${join(lib(opts), '*')}`, 'PorticoMongo', String(opts.ports.mongo)],
    env: {},
    cwd: paths.data,
    port: opts.ports.mongo,
    readyLogLine: /PorticoMongo ready on/,
    pidFile: paths.pid,
    logFile: paths.log,
    deadlineMs: SERVER_DEADLINE_MS,
    expect: 'PorticoMongo',
  };
}

export const mongo: ServerDef = {
  name: 'mongo',
  ports: ['mongo'],
  installSteps: (opts) => [installStep(opts)],
  process: processSpec,
  // Nothing persists; the directory exists only as the JVM's working directory.
  prepare: async (opts) => void mkdirSync(serverPaths(opts, 'mongo').data, { recursive: true }),
  url: (opts) => `mongodb://127.0.0.1:${opts.ports.mongo}`,
};
