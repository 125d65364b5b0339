import type { ReadModelStore } from '../../adapters/dynamodb/read-model-store.ts';
import { ExportFilterRefused, type ExportRecordPages, type ExportRecordsPage } from '../../application/ports/export-records.ts';
import { companyRecordsPage } from '../http/directory/company-list-query.ts';
import { contactRecordsPage } from '../http/directory/contact-list-query.ts';
import { leadRecordsPage } from '../http/directory/lead-list-query.ts';
import { HttpProblem } from './problem.ts';

type ListPage = (readModels: ReadModelStore, actor: Parameters<ExportRecordsPage>[0], query: never) => ReturnType<ExportRecordsPage>;

/**
 * The directory's list queries as the pages an export reads. They answer HTTP list requests and refuse
 * a bad query value as a 400 naming `query.<field>`: for an export that is the filter's fault, told
 * as an `ExportFilterRefused` naming the filter's field.
 */
const pageOf =
  (readModels: ReadModelStore, list: ListPage): ExportRecordsPage =>
  async (actor, query) => {
    try {
      return await list(readModels, actor, query as never);
    } catch (error) {
      if (!(error instanceof HttpProblem && error.status < 500)) throw error;
      throw new ExportFilterRefused(
        error.message,
        error.issues.map((issue) => ({ ...issue, path: issue.path.replace(/^query\./, '') })),
      );
    }
  };

// The filter was validated by the list's own query schema when the export was requested.
export const exportRecordPages = (readModels: ReadModelStore): ExportRecordPages => ({
  companies: pageOf(readModels, companyRecordsPage as unknown as ListPage),
  contacts: pageOf(readModels, contactRecordsPage as unknown as ListPage),
  leads: pageOf(readModels, leadRecordsPage as unknown as ListPage),
});
