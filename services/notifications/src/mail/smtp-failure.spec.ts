import { classifySmtpFailure, redactLinks } from './smtp-failure';

// Shapes as nodemailer 10 produces them (observed against Mailpit: refused connection, chaos RCPT replies).
const smtpError = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.message)), fields);

describe('classifySmtpFailure', () => {
  it.each([
    [
      'a refused connection',
      { code: 'ESOCKET', command: 'CONN', message: 'connect ECONNREFUSED 127.0.0.1:1025' },
      'ESOCKET: connect ECONNREFUSED 127.0.0.1:1025',
    ],
    ['a reset connection', { code: 'ECONNECTION', message: 'Connection closed unexpectedly' }, 'ECONNECTION: Connection closed unexpectedly'],
    ['a timeout', { code: 'ETIMEDOUT', message: 'Greeting never received' }, 'ETIMEDOUT: Greeting never received'],
    ['a TLS failure', { code: 'ETLS', message: 'Error initiating TLS' }, 'ETLS: Error initiating TLS'],
    [
      '451 on RCPT',
      { code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO', message: "Can't send mail - all recipients were rejected: 451 Chaos recipient error" },
      "Can't send mail - all recipients were rejected: 451 Chaos recipient error",
    ],
    [
      '452 insufficient storage',
      { code: 'EMESSAGE', responseCode: 452, message: 'Message failed: 452 4.3.1 Insufficient system storage' },
      'Message failed: 452 4.3.1 Insufficient system storage',
    ],
    ['421 service closing', { code: 'EPROTOCOL', responseCode: 421, message: '421 4.3.2 Service shutting down' }, '421 4.3.2 Service shutting down'],
    [
      'bad credentials (535)',
      { code: 'EAUTH', responseCode: 535, message: 'Invalid login: 535 Authentication failed' },
      'Invalid login: 535 Authentication failed',
    ],
    ['an error without a code', new Error('socket hang up'), 'socket hang up'],
  ])('retries %s', (_label, error, reason) => {
    expect(classifySmtpFailure(error instanceof Error ? error : smtpError(error))).toEqual({ transient: true, reason });
  });

  it.each([
    [
      '550 unknown mailbox',
      { code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', message: "Can't send mail - all recipients were rejected: 550 Chaos recipient error" },
    ],
    [
      '553 bad address',
      { code: 'EENVELOPE', responseCode: 553, message: "Can't send mail - all recipients were rejected: 553 5.1.3 Bad recipient address syntax" },
    ],
    ['554 rejected content', { code: 'EMESSAGE', responseCode: 554, message: 'Message failed: 554 5.7.1 Rejected' }],
    ['no usable recipient', { code: 'EENVELOPE', message: 'No recipients defined' }],
  ])('gives up at once on %s', (_label, error) => {
    expect(classifySmtpFailure(smtpError(error)).transient).toBe(false);
  });

  it('keeps the reply as the reason', () => {
    expect(
      classifySmtpFailure(
        smtpError({ code: 'EENVELOPE', responseCode: 550, message: "Can't send mail - all recipients were rejected: 550 5.1.1 No such user" }),
      ).reason,
    ).toBe("Can't send mail - all recipients were rejected: 550 5.1.1 No such user");
  });

  it('removes links a server quoted back, so a token never reaches logs or events', () => {
    const error = smtpError({
      code: 'EMESSAGE',
      responseCode: 554,
      message: 'Message failed: 554 spam URL https://portal.example/invitations/SECRET-token?a=1 found',
    });
    expect(classifySmtpFailure(error).reason).toBe('Message failed: 554 spam URL [link removed] found');
  });

  it('bounds the reason to what EmailFailed carries', () => {
    expect(classifySmtpFailure(smtpError({ responseCode: 550, message: 'x'.repeat(5000) })).reason).toHaveLength(1000);
  });

  it('copes with things thrown that are not errors', () => {
    expect(classifySmtpFailure('boom')).toEqual({ transient: true, reason: 'boom' });
    expect(classifySmtpFailure(undefined)).toEqual({ transient: true, reason: 'undefined' });
  });
});

describe('redactLinks', () => {
  it('removes URLs of any scheme and leaves the rest', () => {
    expect(redactLinks('see http://a.example/x?t=1, and mailto-ish a@b.c and HTTPS://B.EXAMPLE/y')).toBe(
      'see [link removed] and mailto-ish a@b.c and [link removed]',
    );
  });
});
