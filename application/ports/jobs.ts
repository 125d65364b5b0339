/**
 * A unit of background work of the import/export context, for one tenant: run (or continue, or
 * revert) an import job — messages without a `kind` are imports, as before exports existed — or run
 * an export job.
 */
export interface ImportMessage {
  readonly kind?: 'import';
  readonly tenant: string;
  readonly jobId: string;
  /** A continuation: the run that sent it, whose lease on the job it carries on (`ImportRunClaimed`). */
  readonly runId?: string;
}

export interface ExportMessage {
  readonly kind: 'export';
  readonly tenant: string;
  readonly jobId: string;
}

export type JobMessage = ImportMessage | ExportMessage;

/** Where import and export work is queued: SQS in AWS; in-process locally (SQS has no local engine). */
export interface JobQueue {
  send(message: JobMessage): Promise<void>;
}

/** What the import and export commands need of the drop bucket (the job's source file). */
export interface JobFiles {
  /** Size in bytes, or null when there is no such object. */
  size(key: string): Promise<number | null>;
  put(key: string, body: string | Uint8Array, contentType: string): Promise<void>;
  /** A URL the client PUTs the file to, valid `expiresInSeconds` (only signed: no call to the bucket). */
  uploadUrl(key: string, expiresInSeconds: number): Promise<string>;
}

/** What the import and export reads need of the drop bucket: a job's rejected rows, a finished export's link. */
export interface JobFileReads {
  /** The whole (small) object as text, or null. */
  text(key: string): Promise<string | null>;
  /** A URL the client GETs the object from, valid `expiresInSeconds`, saved as `filename`. */
  downloadUrl(key: string, expiresInSeconds: number, filename: string): Promise<string>;
}
