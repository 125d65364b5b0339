import type { Mailer, MailMessage, SendResult } from './mailer.ts';

/** Keeps sent messages in memory (tests, bench); deduplicates on the message id like the outbox. */
export class MemoryMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  /** Every call, duplicates included: what a provider without deduplication would have delivered. */
  attempts = 0;
  readonly #ids = new Set<string>();

  async send(message: MailMessage): Promise<SendResult> {
    this.attempts += 1;
    if (this.#ids.has(message.id)) return { providerId: message.id, duplicate: true };
    this.#ids.add(message.id);
    this.sent.push(message);
    return { providerId: message.id, duplicate: false };
  }
}
