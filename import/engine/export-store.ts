import { exportJobDecider } from '../../domain/exports/export-job.ts';
import { exportAggregate } from '../../application/exports/export-service.ts';
import { jobCommandRunner, jobLoader } from './job-store.ts';

export { exportAggregate } from '../../application/exports/export-service.ts';

/** An export job's commands: load, decide, commit, answered with the job. */
export const runExportCommand = jobCommandRunner(exportJobDecider, exportAggregate);

/** An export job and its version, or `job: null` when there is none. */
export const loadExport = jobLoader(exportJobDecider, exportAggregate);
