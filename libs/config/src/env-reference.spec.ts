import { z } from 'zod';
import { envReference } from './env-reference';
import { csv, flag, port, positiveInt, text, url } from './env-fields';

describe('envReference', () => {
  const schema = z.object({
    PORT: port().describe('Port of the HTTP server.'),
    LOG_LEVEL: z.enum(['info', 'debug']).default('info').describe('Log level.'),
    BROKERS: csv().default(['a:1', 'b:2']),
    TLS: flag().default(false).describe('Use TLS.'),
    DB_NAME: text().optional().describe('Database name.'),
    API_URL: url('http', 'https')
      .default('http://127.0.0.1:3001')
      .transform((value) => value.replace(/\/+$/, ''))
      .describe('Where the API is.'),
    SMTP_PASSWORD: text().optional(),
    MONGO_URL: url('mongodb').meta({ description: 'Connection string.', secret: true }),
    TTL: positiveInt().default(900),
  });

  it('reads description, default, requiredness, secrecy and accepted values from the schema', () => {
    expect(envReference(schema)).toEqual([
      {
        name: 'PORT',
        description: 'Port of the HTTP server.',
        default: undefined,
        required: true,
        secret: false,
        refusesPlaceholders: false,
        values: undefined,
      },
      { name: 'LOG_LEVEL', description: 'Log level.', default: 'info', required: false, secret: false, refusesPlaceholders: false, values: ['info', 'debug'] },
      { name: 'BROKERS', description: undefined, default: 'a:1,b:2', required: false, secret: false, refusesPlaceholders: false, values: undefined },
      { name: 'TLS', description: 'Use TLS.', default: 'false', required: false, secret: false, refusesPlaceholders: false, values: ['true', 'false'] },
      { name: 'DB_NAME', description: 'Database name.', default: undefined, required: false, secret: false, refusesPlaceholders: false, values: undefined },
      {
        name: 'API_URL',
        description: 'Where the API is.',
        default: 'http://127.0.0.1:3001',
        required: false,
        secret: false,
        refusesPlaceholders: false,
        values: undefined,
      },
      { name: 'SMTP_PASSWORD', description: undefined, default: undefined, required: false, secret: true, refusesPlaceholders: true, values: undefined },
      { name: 'MONGO_URL', description: 'Connection string.', default: undefined, required: true, secret: true, refusesPlaceholders: false, values: undefined },
      { name: 'TTL', description: undefined, default: '900', required: false, secret: false, refusesPlaceholders: false, values: undefined },
    ]);
  });

  it('takes the outermost description when a field is described twice', () => {
    const [variable] = envReference(z.object({ X: text().describe('inner').optional().describe('outer') }));
    expect(variable.description).toBe('outer');
  });
});
