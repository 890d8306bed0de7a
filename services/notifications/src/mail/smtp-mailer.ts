import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectConfig } from '@portico/config';
import { createTransport, type Transporter } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { NotificationsConfig } from '../notifications.env';

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Ours, not the server's: the same on every attempt (see SendEmailService). */
  messageId: string;
}

/** The longest one SMTP exchange can stall before nodemailer gives up on it. */
export const SMTP_SOCKET_TIMEOUT_MS = 60_000;

/**
 * Sends through one pooled SMTP transport per process: connections are reused across emails,
 * and emails beyond SMTP_MAX_CONNECTIONS wait in the pool's queue.
 */
@Injectable()
export class SmtpMailer implements OnApplicationShutdown {
  private readonly transport: Transporter<SMTPPool.SentMessageInfo, SMTPPool.Options>;
  private readonly from: string;

  constructor(@InjectConfig() config: NotificationsConfig) {
    this.from = config.MAIL_FROM;
    this.transport = createTransport({
      pool: true,
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      secure: config.SMTP_SECURE,
      auth: config.SMTP_USER !== undefined ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD } : undefined,
      maxConnections: config.SMTP_MAX_CONNECTIONS,
      // nodemailer's defaults (2 min connect, 10 min idle socket) would hold a delivery far
      // longer than its claim; these keep a stalled server a transient failure within a minute.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: SMTP_SOCKET_TIMEOUT_MS,
    });
  }

  /**
   * Resolves once the server accepted the message; rejects with nodemailer's error (see
   * classifySmtpFailure). The message is composed whole first and handed over as one buffer:
   * streamed as nodemailer composes it, each email went out in dozens of small socket writes,
   * which cost the sender and the receiving server more CPU than the email itself.
   */
  async send(email: OutgoingEmail): Promise<{ response: string }> {
    const raw = await new MailComposer({
      from: this.from,
      to: email.to,
      subject: email.subject,
      html: email.html,
      text: email.text,
      messageId: email.messageId,
    })
      .compile()
      .build();
    const info = await this.transport.sendMail({ envelope: { from: this.from, to: [email.to] }, raw });
    return { response: info.response };
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
