import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertMessageId, type MailAddress, type Mailer, type MailMessage, type SendResult } from './mailer.ts';
import { renderMime } from './mime.ts';
import type { Clock } from '../clock.ts';

export interface OutboxMailerOptions {
  readonly directory: string;
  readonly from: MailAddress;
  /** The clock the `Date:` header is read from (passed in, as everywhere). */
  readonly now: Clock;
  /** Told about every message written (the local cloud prints a line). */
  readonly onSent?: (message: MailMessage, path: string) => void;
}

/**
 * The local "mail server": every message is an `.eml` file named after its id in the outbox folder,
 * which any mail client opens. The file is created exclusively, so the same message id is written once
 * — a second attempt is reported as a duplicate, as an idempotent provider would.
 */
export class OutboxMailer implements Mailer {
  readonly #options: OutboxMailerOptions;

  constructor(options: OutboxMailerOptions) {
    this.#options = options;
  }

  async send(message: MailMessage): Promise<SendResult> {
    assertMessageId(message.id);
    const { directory, from } = this.#options;
    await mkdir(directory, { recursive: true });
    const path = join(directory, `${message.id}.eml`);
    const domain = from.address.split('@')[1] ?? 'cronaca.local';
    const eml = renderMime(message, { from, domain, date: new Date(this.#options.now()) });
    try {
      await writeFile(path, eml, { encoding: 'utf8', flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { providerId: path, duplicate: true };
      throw error;
    }
    this.#options.onSent?.(message, path);
    return { providerId: path, duplicate: false };
  }
}
