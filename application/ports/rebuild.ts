import type { RebuildCheckpoint } from '../../domain/access/projection-rebuild.ts';
import type { RebuildProgress } from '../../events/administration/rebuild-events.ts';

/** Run (or continue) a tenant's projection rebuild job. */
export interface RebuildMessage {
  readonly kind: 'projection-rebuild';
  readonly tenant: string;
  readonly jobId: string;
}

/** Where rebuild jobs wait for the rebuild worker (SQS in AWS, an in-process queue locally). */
export interface RebuildQueue {
  send(message: RebuildMessage): Promise<void>;
}

/** What one step of a rebuild did (only work behind the checkpoint is counted). */
export interface RebuildStepResult {
  /** Where the next step continues; null when the rebuild is complete. */
  readonly checkpoint: RebuildCheckpoint | null;
  readonly counts: RebuildProgress;
}

/**
 * One step of a tenant's rebuild from `from` (the read models' store scans the log and rewrites its
 * items): `shouldStop` is asked after every page, `onPage` told of each.
 */
export type RebuildSteps = (options: {
  readonly tenant: string;
  readonly pageSize?: number;
  readonly from?: RebuildCheckpoint;
  readonly shouldStop: () => boolean;
  readonly onPage: () => void;
}) => Promise<RebuildStepResult>;
