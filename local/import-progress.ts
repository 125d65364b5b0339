/**
 * What `npm run import` shows while it follows a job and when the job ends: pure functions of the
 * job as `GET /v1/imports/{id}` answers it, so the wording and the bar are tested without a cloud.
 */
export interface FollowedJob {
  readonly id: string;
  readonly status: 'uploaded' | 'validating' | 'running' | 'completed' | 'failed' | 'cancelled' | 'reverted';
  readonly rows: {
    readonly total: number | null;
    readonly processed: number;
    readonly created: number;
    readonly updated: number;
    readonly unchanged: number;
    readonly rejected: number;
  };
  readonly progress: number;
  readonly failure: { readonly code: string; readonly reason: string } | null;
  /** How the file was read (absent before it was validated, and from an older API). */
  readonly file?: { readonly encoding: string; readonly encodingNote: string } | null;
}

const terminal: readonly FollowedJob['status'][] = ['completed', 'failed', 'cancelled', 'reverted'];
export const hasEnded = (job: FollowedJob): boolean => terminal.includes(job.status);

const doing: Record<FollowedJob['status'], string> = {
  uploaded: 'queued',
  validating: 'checking the file',
  running: 'importing',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
  reverted: 'reverted',
};

const number = new Intl.NumberFormat('en');
const n = (value: number): string => number.format(value);

// `unchanged` only when some are: a drop-folder job creates (default mode), where none can be.
const counts = (job: FollowedJob): string =>
  `${n(job.rows.processed)}/${job.rows.total === null ? '?' : n(job.rows.total)} rows, ${n(job.rows.created)} created, ` +
  `${n(job.rows.updated)} updated, ${job.rows.unchanged > 0 ? `${n(job.rows.unchanged)} unchanged, ` : ''}${n(job.rows.rejected)} rejected`;

/**
 * The single line a terminal shows (rewritten in place): a bar, the percentage, the counts and what
 * the job is doing, cut to `columns`. `null`: the worker has not picked the file up yet.
 */
export const progressBar = (job: FollowedJob | null, columns: number): string => {
  const percent = job?.progress ?? 0;
  const text = job ? `${String(percent).padStart(3)}% ${counts(job)} · ${doing[job.status]}` : '  0% waiting for the import to start';
  // One column spare: writing the last column of a line wraps on some terminals.
  const width = Math.max(10, Math.min(30, columns - text.length - 4));
  const filled = Math.round((percent / 100) * width);
  const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}`;
  return line.length < columns ? line : `${line.slice(0, Math.max(0, columns - 2))}…`;
};

/** A line for a log (output not a terminal): printed when something changed. */
export const progressLine = (job: FollowedJob | null): string =>
  job ? `${doing[job.status]}: ${counts(job)} (${job.progress}%)` : 'waiting for the import to start';

export interface ErrorsOutput {
  /** The errors route of the job. */
  readonly url: string;
  /** Where the rejected rows were written, when there were some. */
  readonly file: string | null;
}

/** What is printed when the job ended: the outcome and counts, the failure, where the rejected rows are. */
export const summaryLines = (job: FollowedJob, errors: ErrorsOutput, apiUrl: string): string[] => {
  const lines = [`Import ${job.id} ${doing[job.status]}: ${counts(job)}.`];
  if (job.failure) lines.push(`Failed (${job.failure.code}): ${job.failure.reason}`);
  // A file that is not UTF-8 is worth a word: it was read in an encoding the user may not have meant.
  if (job.file && job.file.encoding !== 'utf-8') lines.push(`File: ${job.file.encodingNote}.`);
  if (job.status === 'cancelled' && job.rows.created > 0) {
    lines.push(`The ${n(job.rows.created)} records created stay; remove them with POST ${apiUrl}/v1/imports/${job.id}/revert`);
  }
  if (errors.file) lines.push(`Rejected rows (line, the row, reason): ${errors.file}`);
  if (job.rows.rejected > 0 || errors.file) lines.push(`  also at GET ${errors.url}`);
  return lines;
};
