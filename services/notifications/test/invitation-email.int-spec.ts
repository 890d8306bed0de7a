import { EmailSent } from '@portico/contracts';
import { waitFor } from '@portico/testing';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { NotificationsHarness } from './support/notifications-harness';

// InvitationEmailRequested in, an email in Mailpit and EmailSent out: the built service against
// real Kafka, the MongoDB-wire server and Mailpit.
describe('invitation emails', () => {
  const harness = new NotificationsHarness('notif_email');
  const acceptUrls: string[] = [];

  beforeAll(() => harness.setUp());
  afterAll(() => harness.tearDown());

  const requestFor = (...args: Parameters<NotificationsHarness['request']>) => {
    const event = harness.request(...args);
    acceptUrls.push(event.payload.acceptUrl);
    return event;
  };

  const onlyEmailTo = async (address: string) => {
    const [summary] = await waitFor(
      async () => {
        const found = await harness.mailpit.client.messagesTo(address);
        return found.length > 0 && found;
      },
      { description: `an email to ${address}` },
    );
    const email = await harness.mailpit.client.message(summary.ID);
    // MIME lines end in CRLF on the wire.
    return { ...email, HTML: email.HTML.replace(/\r\n/g, '\n'), Text: email.Text.replace(/\r\n/g, '\n') };
  };

  it('sends one email with the firm, the message and the link in HTML and text, and reports EmailSent', async () => {
    const event = requestFor({ firmName: 'Smith & Co Accountants', recipientName: 'Jane Doe', message: 'Hello Jane,\nplease join <our> portal.' });
    const { to, acceptUrl, deliveryKey } = event.payload;
    await harness.produce(event);

    const email = await onlyEmailTo(to);
    expect(email.Subject).toBe('Smith & Co Accountants invited you to their client portal');
    expect(email.From.Address).toBe('no-reply@portico.test');
    expect(email.HTML).toContain('Smith &amp; Co Accountants');
    expect(email.HTML).toContain('Hello Jane,<br>\nplease join &lt;our&gt; portal.');
    expect(email.HTML).toMatch(new RegExp(`<a href="${acceptUrl}"[^>]*>Create Account</a>`));
    expect(email.Text).toContain('Smith & Co Accountants has invited you');
    expect(email.Text).toContain('Hello Jane,\nplease join <our> portal.');
    expect(email.Text).toContain(acceptUrl);
    expect(email.Text).toContain('This invitation expires on 31 January 2027.');

    const sent = await harness.outcome(deliveryKey);
    expect(sent).toMatchObject({
      type: EmailSent.type,
      firmId: event.firmId,
      correlationId: event.correlationId,
      causationId: event.id,
      payload: { deliveryKey, about: { kind: 'invitation', id: event.payload.invitationId }, to, attempts: 1 },
    });
    expect(sent.type === EmailSent.type && sent.payload.messageId).toBe(`<${(email as unknown as { MessageID: string }).MessageID}>`);

    // Once sent, the delivery keeps what happened but no longer the email, whose link is a credential.
    const delivery = await harness.delivery(deliveryKey);
    expect(delivery).toMatchObject({ status: 'sent', attempts: 1, renderedWith: 'default' });
    expect(delivery?.content).toBeUndefined();
  });

  it('sends nothing more when the same request arrives again, whether redelivered or re-requested', async () => {
    const event = requestFor();
    const { to, deliveryKey, invitationId } = event.payload;
    await harness.produce(event);
    await harness.outcome(deliveryKey);

    await harness.produce(event); // the same envelope again: an outbox relay or consumer redelivery
    await harness.produce(harness.request({ ...event.payload }, event.firmId)); // a new event for the same delivery key
    // Same invitation id, so same key and partition: once this one is handled, so are the two before it.
    // (Mailpit's to: search matches substrings: the marker's address must not contain the first one.)
    const marker = requestFor({ invitationId, deliveryKey: `${deliveryKey}:marker`, to: `marker-${uuidv7()}@example.test` }, event.firmId);
    await harness.produce(marker);
    await onlyEmailTo(marker.payload.to);
    await harness.outcome(marker.payload.deliveryKey);

    expect(await harness.mailpit.client.messagesTo(to)).toHaveLength(1);
    expect(harness.outcomesFor(deliveryKey)).toHaveLength(1);
  });

  it('sends a delivery that a dead process left mid-attempt, once its claim has expired', async () => {
    // What a process killed between claiming and recording leaves behind: "sending", attempt 1, lease over.
    const event = requestFor();
    const { deliveryKey, to, acceptUrl } = event.payload;
    const past = new Date(Date.now() - 1000);
    await harness.db.collection<{ _id: string } & Record<string, unknown>>('deliveries').insertOne({
      _id: deliveryKey,
      firmId: event.firmId,
      about: { kind: 'invitation', id: event.payload.invitationId },
      to,
      content: { subject: 'Left behind', html: `<a href="${acceptUrl}">Create Account</a>`, text: acceptUrl },
      messageId: '<left-behind@portico.test>',
      templateId: null,
      renderedWith: 'default',
      cause: { eventId: event.id, correlationId: event.correlationId },
      status: 'sending',
      attempts: 1,
      leaseUntil: past,
      outbox: [],
      createdAt: past,
      updatedAt: past,
    });

    const sent = await harness.outcome(deliveryKey);
    expect(sent).toMatchObject({ type: EmailSent.type, payload: { attempts: 2, messageId: '<left-behind@portico.test>' } });
    expect(await harness.mailpit.client.messagesTo(to)).toHaveLength(1);
  });

  describe('with a firm template', () => {
    const firmId = uuidv7();
    let templateId: string;

    beforeAll(async () => {
      const response = await request(harness.service.baseUrl)
        .post('/api/notifications/templates')
        .set('authorization', `Bearer ${harness.staffToken(firmId)}`)
        .send({
          name: 'Year end',
          subject: 'Year end at {{firmName}}',
          html: '<p>Dear {{#if recipientName}}{{recipientName}}{{else}}client{{/if}},</p><p>{{message}}</p><p><a href="{{acceptUrl}}">Join us</a> before {{expiresAt}}</p>',
          text: 'Dear {{recipientName}},\n{{message}}\nJoin us: {{acceptUrl}}',
        });
      expect(response.status).toBe(201);
      templateId = response.body.id;
    });

    it('renders the email from it when the request names it', async () => {
      const event = requestFor({ templateId, firmName: 'Tax & Co', message: 'Line one\nLine two' }, firmId);
      await harness.produce(event);

      const email = await onlyEmailTo(event.payload.to);
      expect(email.Subject).toBe('Year end at Tax & Co');
      expect(email.HTML).toContain('<p>Dear Jane Doe,</p><p>Line one<br>\nLine two</p>');
      expect(email.HTML).toContain(`<a href="${event.payload.acceptUrl}">Join us</a> before 31 January 2027`);
      expect(email.Text).toContain(`Dear Jane Doe,\nLine one\nLine two\nJoin us: ${event.payload.acceptUrl}`);
      await harness.outcome(event.payload.deliveryKey);
      expect(await harness.delivery(event.payload.deliveryKey)).toMatchObject({ renderedWith: 'firm' });
    });

    it("sends the default email when the template is another firm's", async () => {
      const event = requestFor({ templateId }, uuidv7());
      await harness.produce(event);

      expect((await onlyEmailTo(event.payload.to)).Subject).toBe('Smith & Co Accountants invited you to their client portal');
      await harness.outcome(event.payload.deliveryKey);
      expect(await harness.delivery(event.payload.deliveryKey)).toMatchObject({ renderedWith: 'default' });
    });
  });

  it('never writes an accept link to its logs', () => {
    expect(acceptUrls.length).toBeGreaterThan(0);
    for (const url of acceptUrls) expect(harness.service.logs).not.toContain(new URL(url).pathname);
  });
});
