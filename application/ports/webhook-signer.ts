/**
 * The Standard Webhooks signature (https://www.standardwebhooks.com), behind a port so the application
 * imports no package: `adapters/webhooks/standard-signer.ts` implements it with the `standardwebhooks`
 * reference implementation rather than our own HMAC code.
 */
export interface WebhookSigner {
  /**
   * `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` with one secret (`whsec_<base64 key>`);
   * `timestamp` is in whole seconds since the epoch, as the `webhook-timestamp` header says it.
   */
  sign(secret: string, id: string, timestamp: number, body: string): string;
  /** A new signing secret, `whsec_` + the base64 of 32 random bytes: shown once, stored apart from the log. */
  newSecret(): string;
}
