// Public API of @portico/local-infra (test harnesses and tooling import this).
export { SERVER_NAMES, PORT_ENV, LOCAL_KAFKA_SASL_USER, endpoints, envLines, findRoot, kafkaTlsPaths, resolveOptions, serverPaths } from './options.ts';
export type { Endpoints, KafkaSaslEndpoint, InfraOptions, InfraOverrides, Ports, Profile, ServerName } from './options.ts';
export { down, install, reset, startServer, status, stopServer, up } from './infra.ts';
export type { ServerStatus } from './infra.ts';
export { freePort, httpOk, portAccepts, portIsFree } from './net.ts';
export { PortInUseError, isAlive, signalProcess, startProcess, stopProcess } from './supervisor.ts';
export type { ManagedProcess, StartResult } from './supervisor.ts';
export { InfraError } from './util.ts';
