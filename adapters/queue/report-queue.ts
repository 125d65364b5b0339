import type { ReportQueue } from '../../application/ports/report-jobs.ts';

/** Environment variable naming the report queue (URL); `local:` selects the in-process queue. */
export const reportQueueEnv = 'REPORT_QUEUE_URL';

/** STUB (the infra work package implements it): SQS in AWS, the in-process queue locally. */
export const reportQueueFromEnv = (): ReportQueue => {
  throw new Error('not implemented yet');
};
