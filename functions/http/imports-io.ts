import type { JobQueue } from '../../adapters/queue/job-queue.ts';
import type { DropBucket } from '../../adapters/s3/drop-bucket.ts';

/** What the import/export API reaches besides the log: the drop bucket and the job queue. */
export interface ImportsApiDependencies {
  readonly bucket: () => DropBucket;
  readonly queue: () => JobQueue;
}
