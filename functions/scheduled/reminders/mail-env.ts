import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mailer } from '../../../adapters/mail/mailer.ts';
import { OutboxMailer } from '../../../adapters/mail/outbox-mailer.ts';
import { SesMailer } from '../../../adapters/mail/ses-mailer.ts';
import { systemClock, type Clock } from '../../../adapters/clock.ts';
import { awsClient } from '../../../adapters/aws/instrument-client.ts';

/** Environment of the mail adapters (set by infra on the reminders function; by the local cloud). */
export const mailEnv = {
  /** The verified sender address. */
  fromAddress: 'MAIL_FROM_ADDRESS',
  /** Display name of the sender (default `Cronaca`). */
  fromName: 'MAIL_FROM_NAME',
  /** ARN of the verified SES identity; the IAM permission is scoped to it. */
  identityArn: 'MAIL_IDENTITY_ARN',
  /** Locally: write `.eml` files here instead of calling SES. */
  outboxDir: 'LOCAL_OUTBOX_DIR',
} as const;

/** SES in AWS; the `.eml` outbox when `LOCAL_OUTBOX_DIR` is set (the local cloud). */
export const mailerFromEnv = (env: NodeJS.ProcessEnv = process.env, onSent?: (path: string) => void, now: Clock = systemClock): Mailer => {
  const address = env[mailEnv.fromAddress];
  const outbox = env[mailEnv.outboxDir];
  const from = { name: env[mailEnv.fromName] || 'Cronaca', address: address || 'reminders@cronaca.local' };
  if (outbox) return new OutboxMailer({ directory: outbox, from, now, ...(onSent ? { onSent: (_message, path) => onSent(path) } : {}) });
  if (!address) throw new Error(`environment variable ${mailEnv.fromAddress} is not set`);
  const identityArn = env[mailEnv.identityArn];
  return new SesMailer(awsClient(new SESv2Client({})), { from, ...(identityArn ? { identityArn } : {}) });
};
