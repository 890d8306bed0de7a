import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { EventEnvelope } from '@portico/contracts';
import type { SmtpMailer } from '../../mail/smtp-mailer';
import type { NotificationsConfig } from '../../notifications.env';
import type { ClaimedDelivery } from '../domain/delivery';
import { DeliveryRepository } from '../domain/delivery.repository';
import { DeliveryMetrics } from './delivery-metrics';
import { SendEmailService } from './send-email.service';

Logger.overrideLogger(false);

const delivery = (attempts: number): ClaimedDelivery => ({
  deliveryKey: 'invitation:inv-1',
  firmId: 'firm-1',
  about: { kind: 'invitation', id: 'inv-1' },
  to: 'jane@example.com',
  content: { subject: 'Subject', html: '<p>html</p>', text: 'text' },
  messageId: '<abc@portico.test>',
  templateId: null,
  renderedWith: 'default',
  cause: { eventId: '01a21800-0000-7000-8000-000000000001', correlationId: 'corr-1' },
  attempts,
});

/** Records what the service asks of the database; `failNextWrites` makes that many writes throw. */
class RecordingRepository extends DeliveryRepository {
  readonly writes: Array<{ kind: 'sent' | 'retry' | 'failed'; outcome: Record<string, unknown>; events: EventEnvelope[] }> = [];
  failNextWrites = 0;

  insertIfAbsent = jest.fn(async () => true);
  claimDue = jest.fn(async () => []);
  renewClaims = jest.fn(async () => undefined);
  countWaiting = jest.fn(async () => 0);
  deleteFinalBefore = jest.fn(async () => 0);

  async recordSent(_claim: unknown, outcome: Record<string, unknown>, events: EventEnvelope[]) {
    return this.write('sent', outcome, events);
  }
  async recordRetry(_claim: unknown, outcome: Record<string, unknown>) {
    return this.write('retry', outcome, []);
  }
  async recordFailed(_claim: unknown, outcome: Record<string, unknown>, events: EventEnvelope[]) {
    return this.write('failed', outcome, events);
  }

  private write(kind: 'sent' | 'retry' | 'failed', outcome: Record<string, unknown>, events: EventEnvelope[]): boolean {
    if (this.failNextWrites > 0) {
      this.failNextWrites--;
      throw new Error('database unavailable');
    }
    this.writes.push({ kind, outcome, events });
    return true;
  }
}

const config = { EMAIL_MAX_ATTEMPTS: 3, EMAIL_RETRY_INITIAL_MS: 1000, EMAIL_RETRY_MAX_MS: 60_000 } as NotificationsConfig;

function setUp(send: () => Promise<{ response: string }>) {
  const repository = new RecordingRepository();
  const mailer = { send: jest.fn(send) };
  const metrics = new DeliveryMetrics(repository);
  return { repository, mailer, metrics, service: new SendEmailService(repository, mailer as unknown as SmtpMailer, config, metrics) };
}

const smtpError = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.message)), fields);
const running = new AbortController().signal;

describe('SendEmailService', () => {
  it('sends the stored email with its own Message-ID and records EmailSent, caused by the request', async () => {
    const { repository, mailer, service } = setUp(async () => ({ response: '250 2.0.0 Ok: queued' }));
    await service.attempt(delivery(1), running);

    expect(mailer.send).toHaveBeenCalledWith({
      to: 'jane@example.com',
      messageId: '<abc@portico.test>',
      subject: 'Subject',
      html: '<p>html</p>',
      text: 'text',
    });
    expect(repository.writes).toHaveLength(1);
    const [{ kind, outcome, events }] = repository.writes;
    expect(kind).toBe('sent');
    expect(outcome).toMatchObject({ smtpResponse: '250 2.0.0 Ok: queued' });
    expect(events).toEqual([
      expect.objectContaining({
        type: 'EmailSent',
        firmId: 'firm-1',
        correlationId: 'corr-1',
        causationId: '01a21800-0000-7000-8000-000000000001',
        key: 'invitation:inv-1',
        payload: expect.objectContaining({
          deliveryKey: 'invitation:inv-1',
          about: { kind: 'invitation', id: 'inv-1' },
          messageId: '<abc@portico.test>',
          attempts: 1,
        }),
      }),
    ]);
  });

  it('keeps trying to record a sent email when the database fails, and never sends it again', async () => {
    const { repository, mailer, service } = setUp(async () => ({ response: '250 Ok' }));
    repository.failNextWrites = 2;
    await service.attempt(delivery(1), running);

    expect(mailer.send).toHaveBeenCalledTimes(1);
    expect(repository.writes.map((write) => write.kind)).toEqual(['sent']);
  });

  it('gives up recording (once more, then leaves it to the lease) when the service is stopping', async () => {
    const { repository, service } = setUp(async () => ({ response: '250 Ok' }));
    repository.failNextWrites = 10;
    const stopping = new AbortController();
    stopping.abort();
    await service.attempt(delivery(1), stopping.signal);
    expect(repository.failNextWrites).toBe(9);
    expect(repository.writes).toEqual([]);
  });

  it('schedules a retry after a transient failure, later after each attempt', async () => {
    const { repository, service } = setUp(async () => {
      throw smtpError({ code: 'ESOCKET', message: 'connect ECONNREFUSED 127.0.0.1:1025' });
    });
    const before = Date.now();
    await service.attempt(delivery(1), running);
    await service.attempt(delivery(2), running);

    expect(repository.writes.map((write) => write.kind)).toEqual(['retry', 'retry']);
    const [first, second] = repository.writes.map((write) => (write.outcome.nextAttemptAt as Date).getTime() - before);
    expect(first).toBeGreaterThanOrEqual(800);
    expect(first).toBeLessThanOrEqual(1000 + 50);
    expect(second).toBeGreaterThanOrEqual(1600);
    expect(repository.writes[0].outcome.reason).toBe('ESOCKET: connect ECONNREFUSED 127.0.0.1:1025');
  });

  it('records EmailFailed when the last attempt fails transiently', async () => {
    const { repository, service } = setUp(async () => {
      throw smtpError({ code: 'EENVELOPE', responseCode: 451, message: "Can't send mail - all recipients were rejected: 451 Try later" });
    });
    await service.attempt(delivery(3), running);

    const [{ kind, events }] = repository.writes;
    expect(kind).toBe('failed');
    expect(events[0]).toMatchObject({ type: 'EmailFailed', payload: { attempts: 3, reason: "Can't send mail - all recipients were rejected: 451 Try later" } });
  });

  it('records EmailFailed at once when the server refuses for good', async () => {
    const { repository, service } = setUp(async () => {
      throw smtpError({ code: 'EENVELOPE', responseCode: 550, message: "Can't send mail - all recipients were rejected: 550 5.1.1 No such user" });
    });
    await service.attempt(delivery(1), running);

    const [{ kind, outcome, events }] = repository.writes;
    expect(kind).toBe('failed');
    expect(outcome.reason).toContain('550 5.1.1 No such user');
    expect(events[0]).toMatchObject({
      type: 'EmailFailed',
      causationId: '01a21800-0000-7000-8000-000000000001',
      payload: { attempts: 1, to: 'jane@example.com' },
    });
  });

  it('counts emails sent and given up on (Prometheus), not retries and not sends it could not record', async () => {
    const count = async (counter: DeliveryMetrics['sent']) => (await counter.get()).values.reduce((sum, { value }) => sum + value, 0);
    const sending = setUp(async () => ({ response: '250 Ok' }));
    const before = { sent: await count(sending.metrics.sent), failed: await count(sending.metrics.failed) };
    await sending.service.attempt(delivery(1), running);
    sending.repository.failNextWrites = 1;
    const stopped = new AbortController();
    stopped.abort();
    await sending.service.attempt(delivery(1), stopped.signal);

    const failing = setUp(async () => {
      throw smtpError({ code: 'EENVELOPE', responseCode: 451, message: '451 Try later' });
    });
    await failing.service.attempt(delivery(1), running);
    await failing.service.attempt(delivery(3), running);

    expect(await count(sending.metrics.sent)).toBe(before.sent + 1);
    expect(await count(failing.metrics.failed)).toBe(before.failed + 1);
  });
});
