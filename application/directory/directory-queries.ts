import type { Actor } from '../../domain/shared/actor.ts';
import type { RecordRef, TimelineEntry } from '../../projections/timeline/timeline-entry.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import { loadAsOf, type RecordReader } from '../shared/record-reads.ts';
import { listCompanies } from './company-list.ts';
import { companyReader } from './company-view.ts';
import { listContacts } from './contact-list.ts';
import { contactReader } from './contact-view.ts';
import { tenantDefaultCountry } from './directory-settings.ts';
import { listLeads } from './lead-list.ts';
import { leadReader } from './lead-view.ts';
import type { CompanyListQuery, ContactListQuery, LeadListQuery, ListPaging } from './list-queries.ts';
import { timelinePage } from './timeline-page.ts';

type TimelinePage = Promise<{ items: TimelineEntry[]; nextCursor: string | null }>;

/**
 * The directory's reads from its read models: the lists (filters, order, search) and the records'
 * timelines, as the caller may see them. Input the lists cannot even read (an edited cursor, a `q`
 * with no word, a phone filter that is no phone number) is a `MalformedInputError` naming the input
 * field (`cursor`, `q`, `phone`); a record the caller may not see is `not_found`.
 */
export const directoryQueries = (dependencies: ApplicationDependencySource) => {
  /** The tenant's default country, read only when the query may hold a phone number typed the national way. */
  const defaultCountry = (actor: Actor, needed: boolean) => tenantDefaultCountry(dependencies().settings, actor.tenant, needed);

  /** The record's timeline, once its own stream says the caller may see the record (else `not_found`). */
  const timelineOf = async <S>(actor: Actor, reader: RecordReader<S>, owner: RecordRef, paging: ListPaging): TimelinePage => {
    await loadAsOf(dependencies().eventStore, actor, reader, owner.id, undefined);
    return timelinePage(dependencies().readModels, actor, owner, paging);
  };

  return {
    listCompanies: async (actor: Actor, query: CompanyListQuery) =>
      listCompanies(dependencies().readModels, actor, query, await defaultCountry(actor, query.q !== undefined)),
    listContacts: async (actor: Actor, query: ContactListQuery) =>
      listContacts(dependencies().readModels, actor, query, await defaultCountry(actor, query.q !== undefined || query.phone !== undefined)),
    listLeads: async (actor: Actor, query: LeadListQuery) =>
      listLeads(dependencies().readModels, actor, query, await defaultCountry(actor, query.q !== undefined)),

    companyTimeline: (actor: Actor, companyId: string, paging: ListPaging) => timelineOf(actor, companyReader, { type: 'company', id: companyId }, paging),
    contactTimeline: (actor: Actor, contactId: string, paging: ListPaging) => timelineOf(actor, contactReader, { type: 'contact', id: contactId }, paging),
    leadTimeline: (actor: Actor, leadId: string, paging: ListPaging) => timelineOf(actor, leadReader, { type: 'lead', id: leadId }, paging),
  };
};

export type DirectoryQueries = ReturnType<typeof directoryQueries>;
