import type { ReportFiles } from '../../application/ports/report-jobs.ts';

/** STUB (the infra work package implements it): report files in the drop bucket, tagged `cronaca-kind=reports`. */
export const reportFilesFromEnv = (): ReportFiles => {
  throw new Error('not implemented yet');
};
