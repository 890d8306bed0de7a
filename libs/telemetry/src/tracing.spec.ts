import { serviceNameOf, statementShape, tracingEnabled } from './tracing';

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

describe('statementShape (db.query.text of MongoDB spans)', () => {
  it('shows which filter ran, never a value', () => {
    const find = { find: 'invitations', filter: { firmId: 'firm-1', status: { $in: ['pending', 'sent'] }, expiresAt: { $lte: new Date() } }, limit: 50 };
    expect(JSON.parse(statementShape(find))).toEqual({ find: '?', filter: { firmId: '?', status: { $in: '[2]' }, expiresAt: { $lte: '?' } }, limit: '?' });
    expect(statementShape(find)).not.toMatch(/firm-1|pending/);
  });

  it('stays small however large the command: arrays by their length, three levels, twenty keys', () => {
    const updates = Array.from({ length: 100 }, (_, i) => ({
      q: { _id: `inv-${i}` },
      u: { $set: { status: 'sent' }, $push: { outbox: { id: 'e', payload: { email: 'a@b.c' } } } },
    }));
    expect(JSON.parse(statementShape({ update: 'invitations', updates, ordered: false }))).toEqual({ update: '?', updates: '[100]', ordered: '?' });
    expect(JSON.parse(statementShape({ a: { b: { c: { d: 1 } } } }))).toEqual({ a: { b: { c: '{...}' } } });
    const wide = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i}`, i]));
    expect(Object.keys(JSON.parse(statementShape(wide)))).toHaveLength(21);
  });
});
