// Imported first by every service's main.ts, for this side effect: the OpenTelemetry SDK must
// patch http, express, Nest and the MongoDB driver before they are loaded.
import { startTracing } from './tracing';

startTracing();

export { serviceNameOf, startTracing, stopTracing, tracingEnabled } from './tracing';
