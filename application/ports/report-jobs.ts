/** A report job to render (or to retry), for one tenant. */
export interface ReportMessage {
  readonly tenant: string;
  readonly jobId: string;
}

/** Where report work is queued: SQS in AWS (its own queue and DLQ); in-process locally. */
export interface ReportQueue {
  /** `delaySeconds` (at most 900, SQS's limit): deliver no sooner than that. */
  send(message: ReportMessage, options?: { readonly delaySeconds?: number }): Promise<void>;
}

/** What reports need of the drop bucket: write a finished file (tagged for the bucket's report expiry), link to it. */
export interface ReportFiles {
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  /** A URL the client GETs the object from, valid `expiresInSeconds`, saved as `filename` (only signed: no call to the bucket). */
  downloadUrl(key: string, expiresInSeconds: number, filename: string): Promise<string>;
}
