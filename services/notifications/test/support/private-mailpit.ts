import { freePort, resolveOptions, startServer, stopServer, type InfraOptions } from '@portico/local-infra';
import { MailpitClient } from '@portico/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ChaosTrigger {
  ErrorCode: number;
  /** Percent, 0-100. */
  Probability: number;
}

/**
 * A Mailpit of this test file's own. The shared one is never stopped or put into chaos mode,
 * and a notifications service under test may email anything on the shared topic (other runs'
 * and other people's requests) without those emails reaching the shared mailbox.
 */
export class PrivateMailpit {
  private constructor(
    private readonly infra: InfraOptions,
    readonly client: MailpitClient,
  ) {}

  static async start(label: string): Promise<PrivateMailpit> {
    const stateDir = mkdtempSync(join(tmpdir(), `portico-${label}-`));
    const [kafka, kafkaController, mongo, s3, smtp, mailpit] = await Promise.all(Array.from({ length: 6 }, () => freePort()));
    const infra = resolveOptions(process.env, { stateDir, ports: { kafka, kafkaController, mongo, s3, smtp, mailpit }, log: () => undefined });
    const instance = new PrivateMailpit(infra, new MailpitClient(`http://127.0.0.1:${mailpit}`));
    await instance.up();
    return instance;
  }

  get smtpPort(): number {
    return this.infra.ports.smtp;
  }

  /**
   * Chaos (`PUT /api/v1/chaos`) needs Mailpit's --enable-chaos, which the infra's command line
   * does not pass; Mailpit also reads it from MP_ENABLE_CHAOS, and the infra starts servers with
   * this process's environment. Enabling it only arms the API: nothing fails until triggered.
   */
  async up(): Promise<void> {
    const previous = process.env.MP_ENABLE_CHAOS;
    process.env.MP_ENABLE_CHAOS = 'true';
    try {
      await startServer(this.infra, 'smtp');
    } finally {
      if (previous === undefined) delete process.env.MP_ENABLE_CHAOS;
      else process.env.MP_ENABLE_CHAOS = previous;
    }
  }

  /** SIGTERM: Mailpit answers 451 for about a second, then refuses connections. */
  async down(): Promise<void> {
    await stopServer(this.infra, 'smtp');
  }

  /** Sets the RCPT trigger; a PUT resets every trigger it does not name. */
  async failRecipients(trigger: ChaosTrigger): Promise<void> {
    const response = await fetch(`http://127.0.0.1:${this.infra.ports.mailpit}/api/v1/chaos`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Recipient: trigger }),
    });
    if (!response.ok) throw new Error(`Mailpit chaos answered ${response.status}: ${await response.text()}`);
  }

  async dispose(): Promise<void> {
    await this.down();
    rmSync(this.infra.stateDir, { recursive: true, force: true });
  }
}
