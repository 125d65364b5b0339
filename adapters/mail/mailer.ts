/** The mail port: the reminder job composes messages, an adapter delivers them (SES, a local outbox). */

export interface MailAddress {
  readonly name: string;
  readonly address: string;
}

export interface MailMessage {
  /**
   * Derived from what the message is about (e.g. the reminder's delivery key), so every attempt at the
   * same delivery carries the same id: adapters that can deduplicate do so on it.
   */
  readonly id: string;
  readonly to: MailAddress;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface SendResult {
  /** The provider's id (SES MessageId, the outbox file). */
  readonly providerId: string;
  /** True when the adapter recognised the message id as already delivered and did nothing. */
  readonly duplicate: boolean;
}

export interface Mailer {
  send(message: MailMessage): Promise<SendResult>;
}

/** A message id is used in headers and file names: keep it to a safe alphabet. */
export const assertMessageId = (id: string): void => {
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(id)) throw new Error(`invalid message id ${JSON.stringify(id)}`);
};
