import { EmailFailed, EmailSent } from '@portico/contracts';
import { waitFor } from '@portico/testing';
import { NotificationsHarness } from './support/notifications-harness';

// What the mail server does wrong, on a Mailpit of this file's own: stopped and started, or
// made to refuse recipients (Mailpit chaos). Retries are fast here: 300 ms doubling to 2 s,
// six attempts in all.
describe('when the mail server fails', () => {
  const harness = new NotificationsHarness('notif_smtp', { EMAIL_MAX_ATTEMPTS: '6', EMAIL_RETRY_INITIAL_MS: '300', EMAIL_RETRY_MAX_MS: '2000' });

  beforeAll(() => harness.setUp());
  afterAll(() => harness.tearDown());
  afterEach(() => harness.mailpit.failRecipients({ ErrorCode: 451, Probability: 0 }));

  it('keeps retrying while it is down, across a restart of the service, and sends once it is back', async () => {
    await harness.mailpit.down();
    const event = harness.request();
    const { deliveryKey, to } = event.payload;
    await harness.produce(event);

    // The consumer queued it and the dispatcher is retrying: the partition is not held up.
    await waitFor(async () => ((await harness.delivery(deliveryKey))?.attempts ?? 0) >= 2, { description: 'two failed attempts' });
    const retrying = await harness.delivery(deliveryKey);
    expect(retrying?.status).toMatch(/^(queued|sending)$/);
    expect(retrying?.lastError).toMatch(/ECONNREFUSED|451|ESOCKET|ECONNECTION/);

    // The retry lives in the database, not in the process.
    await harness.service.stop();
    const beforeRestart = (await harness.delivery(deliveryKey))!.attempts;
    await harness.mailpit.up();
    await harness.startService();

    const sent = await harness.outcome(deliveryKey);
    expect(sent.type).toBe(EmailSent.type);
    expect(sent.payload.attempts).toBeGreaterThan(beforeRestart);
    expect(await harness.mailpit.client.messagesTo(to)).toHaveLength(1);
  });

  it('reports EmailFailed with the server reason at once when a recipient is refused for good', async () => {
    await harness.mailpit.failRecipients({ ErrorCode: 550, Probability: 100 });
    const event = harness.request();
    await harness.produce(event);

    const failed = await harness.outcome(event.payload.deliveryKey);
    expect(failed).toMatchObject({
      type: EmailFailed.type,
      causationId: event.id,
      payload: { deliveryKey: event.payload.deliveryKey, about: { kind: 'invitation', id: event.payload.invitationId }, to: event.payload.to, attempts: 1 },
    });
    expect(failed.type === EmailFailed.type && failed.payload.reason).toContain('550 Chaos recipient error');
    expect(await harness.delivery(event.payload.deliveryKey)).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await harness.delivery(event.payload.deliveryKey))?.content).toBeUndefined();
    expect(await harness.mailpit.client.messagesTo(event.payload.to)).toEqual([]);
  });

  it('reports EmailFailed once every attempt met a temporary refusal', async () => {
    await harness.mailpit.failRecipients({ ErrorCode: 451, Probability: 100 });
    const event = harness.request();
    await harness.produce(event);

    const failed = await harness.outcome(event.payload.deliveryKey);
    expect(failed.type).toBe(EmailFailed.type);
    expect(failed.payload.attempts).toBe(6);
    expect(failed.type === EmailFailed.type && failed.payload.reason).toContain('451 Chaos recipient error');
    expect(harness.outcomesFor(event.payload.deliveryKey)).toHaveLength(1);
  });
});
