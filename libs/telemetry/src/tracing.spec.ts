import { serviceNameOf, tracingEnabled } from './tracing';

describe('tracing configuration', () => {
  it('is off unless an OTLP endpoint is configured, and off whenever the SDK is disabled', () => {
    expect(tracingEnabled({})).toBe(false);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'TRUE' })).toBe(false);
  });

  it('names the service from OTEL_SERVICE_NAME, else from the main.js that runs (built or bundled)', () => {
    expect(serviceNameOf({ OTEL_SERVICE_NAME: 'billing-eu' }, '/app/services/billing/src/main.js')).toBe('billing-eu');
    expect(serviceNameOf({}, '/work/portico/dist/services/notifications/src/main.js')).toBe('notifications');
    expect(serviceNameOf({}, '/app/services/gateway/src/main.js')).toBe('gateway');
    expect(serviceNameOf({}, '/usr/lib/node_modules/jest/bin/jest.js')).toBe('portico');
    expect(serviceNameOf({}, undefined)).toBe('portico');
  });
});
