import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { WebhookSigner } from '../../application/ports/webhook-signer.ts';

/** 256-bit keys: the HMAC-SHA256 block is 512 bits, the spec asks for 24 to 64 bytes. */
const secretBytes = 32;

/**
 * The `standardwebhooks` package signs (the same code receivers verify with). It takes the time as a
 * Date and floors it to seconds; we pass whole seconds, so the header and the signed text agree.
 */
export const standardSigner: WebhookSigner = {
  sign: (secret, id, timestamp, body) => new Webhook(secret).sign(id, new Date(timestamp * 1000), body),
  newSecret: () => `whsec_${randomBytes(secretBytes).toString('base64')}`,
};
