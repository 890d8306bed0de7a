export { ConfigError, isSecretVariable, LOCAL_SECRET_MARKER, loadConfig } from './load-config';
export type { ConfigIssue, EnvSource } from './load-config';
export { baseServiceEnv, httpServiceEnv, jwtVerifyEnv, KAFKA_SASL_MECHANISMS, kafkaEnv, mongoEnv, trustProxy, withKafkaRules } from './base-env';
export type { BaseServiceConfig, HttpServiceConfig } from './base-env';
export { csv, flag, port, positiveInt, text, url, urlList } from './env-fields';
export { APP_CONFIG, ConfigModule, InjectConfig } from './config.module';
export { envReference, envVariableReference } from './env-reference';
export type { EnvVariableReference } from './env-reference';
