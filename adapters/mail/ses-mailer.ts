import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { assertMessageId, type MailAddress, type Mailer, type MailMessage, type SendResult } from './mailer.ts';
import { formatAddress } from './mime.ts';

export interface SesMailerOptions {
  /** The verified sender (address of a verified identity: the address itself or its domain). */
  readonly from: MailAddress;
  /** ARN of that identity; the function's IAM permission is scoped to it. */
  readonly identityArn?: string;
  readonly configurationSet?: string;
}

/** Header carrying our message id: SES sets its own Message-ID, ours ties a mail to its delivery. */
export const deliveryHeader = 'X-Cronaca-Message-Id';

/**
 * SES v2 `SendEmail` with simple content: SES builds the MIME message (UTF-8 subject and bodies) from
 * the text and HTML parts. SES has no idempotency token: the reminder job never sends a delivery it
 * has not claimed, and never sends a claimed one twice (docs/reminders.md).
 */
export class SesMailer implements Mailer {
  readonly #client: SESv2Client;
  readonly #options: SesMailerOptions;

  constructor(client: SESv2Client, options: SesMailerOptions) {
    this.#client = client;
    this.#options = options;
  }

  async send(message: MailMessage): Promise<SendResult> {
    assertMessageId(message.id);
    const utf8 = (data: string) => ({ Data: data, Charset: 'UTF-8' });
    const output = await this.#client.send(
      new SendEmailCommand({
        FromEmailAddress: formatAddress(this.#options.from, { fold: false }),
        ...(this.#options.identityArn ? { FromEmailAddressIdentityArn: this.#options.identityArn } : {}),
        ...(this.#options.configurationSet ? { ConfigurationSetName: this.#options.configurationSet } : {}),
        Destination: { ToAddresses: [formatAddress(message.to, { fold: false })] },
        Content: {
          Simple: {
            Subject: utf8(message.subject),
            Body: { Text: utf8(message.text), Html: utf8(message.html) },
            Headers: [{ Name: deliveryHeader, Value: message.id }],
          },
        },
      }),
    );
    if (!output.MessageId) throw new Error('SES accepted the message without a MessageId');
    return { providerId: output.MessageId, duplicate: false };
  }
}
