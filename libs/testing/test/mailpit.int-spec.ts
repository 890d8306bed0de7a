import { randomUUID } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { MailpitClient, testEndpoints, waitFor } from '../src';

// The harness's view of the local SMTP server: what tests use to see the emails Portico sends.
describe('MailpitClient against the real Mailpit', () => {
  const endpoints = testEndpoints();
  const mailpit = new MailpitClient(endpoints.mailpitUrl);
  const transport = createTransport({ host: endpoints.smtp.host, port: endpoints.smtp.port, secure: false });

  afterAll(() => transport.close());

  it('finds a message by recipient and reads its text', async () => {
    const to = `harness-${randomUUID()}@example.test`;
    await transport.sendMail({ from: 'portico@example.test', to, subject: 'Harness check', text: 'Line one\nLine two' });

    const [summary] = await waitFor(
      async () => {
        const found = await mailpit.messagesTo(to);
        return found.length > 0 ? found : undefined;
      },
      { description: `a message to ${to}` },
    );
    expect(summary).toMatchObject({ Subject: 'Harness check', To: [expect.objectContaining({ Address: to })] });
    const message = await mailpit.message(summary!.ID);
    expect(message.Text.replace(/\r\n/g, '\n')).toContain('Line one\nLine two');
    expect(await mailpit.messagesTo(`nobody-${randomUUID()}@example.test`)).toEqual([]);
  });
});
