import { ConfigError, loadConfig } from '@portico/config';
import { notificationsEnv, senderDomain } from './notifications.env';

const base = {
  PORT: '3006',
  MONGO_URL: 'mongodb://127.0.0.1:27117',
  KAFKA_BROKERS: '127.0.0.1:19092',
  JWKS_URI: 'http://127.0.0.1:3003/api/identity/.well-known/jwks.json',
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: '11025',
};

function issues(env: Record<string, string>) {
  try {
    loadConfig(notificationsEnv, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

describe('notificationsEnv', () => {
  it('needs only the SMTP server; the rest has defaults', () => {
    expect(loadConfig(notificationsEnv, base)).toMatchObject({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: 11025,
      SMTP_SECURE: false,
      SMTP_MAX_CONNECTIONS: 10,
      MAIL_FROM: 'Portico <no-reply@portico.local>',
      EMAIL_MAX_ATTEMPTS: 10,
      EMAIL_RETRY_INITIAL_MS: 30_000,
      EMAIL_RETRY_MAX_MS: 1_800_000,
      OUTBOX_RELAY_ENABLED: true,
      KAFKA_KEY_CONCURRENCY: 32,
    });
    expect(issues({ ...base, SMTP_HOST: '', SMTP_PORT: '' }).map((issue) => issue.variable)).toEqual(['SMTP_HOST', 'SMTP_PORT']);
  });

  it('takes SMTP credentials as a pair', () => {
    expect(loadConfig(notificationsEnv, { ...base, SMTP_USER: 'relay', SMTP_PASSWORD: 'Zq8-long-random' })).toMatchObject({
      SMTP_USER: 'relay',
      SMTP_PASSWORD: 'Zq8-long-random',
    });
    expect(issues({ ...base, SMTP_USER: 'relay' })).toEqual([{ variable: 'SMTP_PASSWORD', rule: 'is required when the other SMTP credential is set' }]);
    expect(issues({ ...base, SMTP_PASSWORD: 'x' })).toEqual([{ variable: 'SMTP_USER', rule: 'is required when the other SMTP credential is set' }]);
  });

  it('wants an address in MAIL_FROM', () => {
    expect(issues({ ...base, MAIL_FROM: 'Portico' })).toEqual([{ variable: 'MAIL_FROM', rule: 'must be an email address or "Name <address>"' }]);
    expect(loadConfig(notificationsEnv, { ...base, MAIL_FROM: 'Acme Portal <portal@acme.example>', SMTP_SECURE: 'true' })).toMatchObject({ SMTP_SECURE: true });
  });
});

describe('senderDomain', () => {
  it.each([
    ['no-reply@portico.local', 'portico.local'],
    ['Portico <no-reply@portico.local>', 'portico.local'],
    ['"Smith, Jane" <jane@mail.example.com> ', 'mail.example.com'],
    ['Portico', undefined],
  ])('%s -> %s', (from, domain) => {
    expect(senderDomain(from)).toBe(domain);
  });
});
