import { assertTestDatabase, testDatabaseName } from './database';

describe('test databases', () => {
  it('gives each caller a distinct name that says test', () => {
    const a = testDatabaseName('Outbox relay');
    const b = testDatabaseName('Outbox relay');
    expect(a).toMatch(/^test_outbox_relay_[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
  });

  it('refuses a database whose name does not say test', () => {
    expect(() => assertTestDatabase('portico_clients')).toThrow(/must start with "test_"/);
    expect(() => assertTestDatabase('test_clients_1')).not.toThrow();
  });
});
