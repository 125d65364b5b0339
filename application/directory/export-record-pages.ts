import type { Actor } from '../../domain/shared/actor.ts';
import type { ImportKind } from '../../events/imports/import-events.ts';
import { ExportFilterRefused, type ExportRecordPagesOf, type ExportRecordsPage } from '../ports/export-records.ts';
import type { ReadModels } from '../ports/read-models.ts';
import { DomainError, MalformedInputError } from '../shared/errors.ts';
import { companyRecordsPage } from './company-list.ts';
import { contactRecordsPage } from './contact-list.ts';
import { leadRecordsPage } from './lead-list.ts';
import type { CompanyListFilter, ContactListFilter, LeadListFilter, ListPaging } from './list-queries.ts';

type ListPage<Filter> = (actor: Actor, query: Filter & ListPaging) => ReturnType<ExportRecordsPage>;

/**
 * The directory's list queries as the pages an export reads. A filter value the list refuses (a phone
 * filter that is no phone number: malformed or invalid input naming the field) is the filter's fault,
 * told as an `ExportFilterRefused` naming the filter's field (`phone`).
 */
export const pageOf =
  <Filter>(list: ListPage<Filter>): ExportRecordsPage =>
  async (actor, query) => {
    try {
      // The filter was validated by the list's own query schema when the export was requested.
      return await list(actor, query as unknown as Filter & ListPaging);
    } catch (error) {
      if (error instanceof MalformedInputError || (error instanceof DomainError && error.kind === 'invalid')) {
        throw new ExportFilterRefused(error.message, error.issues);
      }
      throw error;
    }
  };

/**
 * The lists by name or by last change, as whole records (what `…RecordsPage` reads). A phone filter is
 * read without the tenant's default country, as the export always has.
 */
export const exportRecordPages = (readModels: ReadModels): ExportRecordPagesOf<ImportKind> => ({
  companies: pageOf<CompanyListFilter>((actor, query) => companyRecordsPage(readModels, actor, query)),
  contacts: pageOf<ContactListFilter>((actor, query) => contactRecordsPage(readModels, actor, query)),
  leads: pageOf<LeadListFilter>((actor, query) => leadRecordsPage(readModels, actor, query)),
});
