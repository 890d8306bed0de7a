export * from './wait-for';
export * from './mailpit';
export * from './test-tokens';
export * from './service-process';
export * from './database';
export * from './infra';
export * from './workspace';
export { freePort } from '@portico/local-infra';
export * from './test-stack';
