import pino from 'pino';
import { Writable } from 'node:stream';
import { runInMessageContext, type MessageContext } from '@portico/messaging';
import { loggerParams, redactUrl } from './logging';

describe('loggerParams', () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const options = loggerParams('clients', 'info').pinoHttp as pino.LoggerOptions;
  const logger = pino(options, sink);

  beforeEach(() => (lines.length = 0));

  it('names the correlation and event of the Kafka event being handled on every line a handler writes', async () => {
    const message = {
      eventId: 'evt-1',
      correlationId: 'corr-9',
      causationId: null,
      topic: 't',
      partition: 0,
      offset: '5',
      attempt: 1,
    } as unknown as MessageContext;
    await runInMessageContext(message, async () => logger.info('handling'));
    logger.info('outside');
    expect(lines[0]).toMatchObject({ msg: 'handling', correlationId: 'corr-9', eventId: 'evt-1' });
    expect(lines[1]).not.toHaveProperty('correlationId');
  });

  it('writes JSON lines with service, a level name and msg', () => {
    logger.info('hello');
    expect(lines[0]).toMatchObject({ service: 'clients', level: 'info', msg: 'hello' });
  });

  it('never writes credentials: Authorization, cookies, passwords, tokens', () => {
    logger.info(
      {
        req: { headers: { authorization: 'Bearer secret-token', cookie: 'sid=abc', accept: 'application/json' } },
        res: { headers: { 'set-cookie': 'sid=abc' } },
        password: 'hunter2hunter2',
        body: { password: 'hunter2hunter2', refreshToken: 'r-token' },
      },
      'request',
    );
    const line = JSON.stringify(lines[0]);
    for (const secret of ['secret-token', 'sid=abc', 'hunter2hunter2', 'r-token']) expect(line).not.toContain(secret);
    expect(lines[0]).toMatchObject({ req: { headers: { authorization: '[redacted]', accept: 'application/json' } } });
  });

  it('logs request URLs without the one-time invitation token in their path', () => {
    logger.info({ req: { method: 'GET', url: '/api/identity/invitations/QmFzZTY0VXJsVG9rZW5WYWx1ZTEyMzQ1NjEyMzQ1Njc4OTAxMg/accept?x=1' } }, 'request');
    expect(lines[0]).toMatchObject({ req: { url: '/api/identity/invitations/[redacted]/accept?x=1' } });
    expect(redactUrl('/api/invitations/invitations/01a217ee-4a4f-75dd-905a-dfc9a03c4258/revoke')).toBe(
      '/api/invitations/invitations/01a217ee-4a4f-75dd-905a-dfc9a03c4258/revoke',
    );
  });
});
