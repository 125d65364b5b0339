import type { DependencySource } from '../../shared/dependencies.ts';
import type { Operations } from '../router.ts';

type ReportOperations = Pick<Operations<'reportsApi'>, 'requestCompanyReport' | 'requestQuotePdf' | 'getReport'>;

/** What the reports API reaches besides the log and the read models: the report queue and the bucket's download links. STUB. */
export interface ReportsApiIo {}

/** Report jobs over HTTP (application/reports/report-service.ts, report-queries.ts). STUB: the jobs work package fills it. */
export const reportOperations = (_dependencies: DependencySource, _io?: ReportsApiIo): ReportOperations => ({
  requestCompanyReport: async () => {
    throw new Error('not implemented yet');
  },
  requestQuotePdf: async () => {
    throw new Error('not implemented yet');
  },
  getReport: async () => {
    throw new Error('not implemented yet');
  },
});
