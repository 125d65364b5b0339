import type { StreamAppend, UniqueClaim } from '../ports/event-store.ts';
import { companyDecider, companyUniqueKeys, type Company } from '../../domain/directory/company.ts';
import { refuseLegacyVatHolders } from './legacy-vat-claims.ts';
import { contactDecider, type Contact } from '../../domain/directory/contact.ts';
import { leadDecider } from '../../domain/directory/lead.ts';
import { decideConversion, type CompanyTarget, type ContactTarget } from '../../domain/directory/lead-conversion.ts';
import { canSeeLead, type Lead } from '../../domain/directory/lead-state.ts';
import type { Decider, DomainEvent, Recorded } from '../../domain/shared/decider.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { CommandContext, CommandOptions, CommandOutcome } from '../shared/command-context.ts';
import { lookupChanges, runDecision } from '../shared/command-runner.ts';
import { notFound, StaleVersionError } from '../shared/errors.ts';
import { loadState } from '../shared/load-state.ts';
import { companyLookupKeys, contactLookupKeys, leadLookupKeys } from '../../domain/directory/lookup-keys.ts';
import { directorySettings } from './directory-settings.ts';
import { leadView } from './lead-view.ts';
import { findDuplicates } from './company-duplicates.ts';

/** How to convert a lead: into new records, or merged into existing ones. */
export interface ConvertLeadInput {
  /** Merge into this existing company (only its empty fields are filled) instead of creating one. */
  readonly companyId?: string | undefined;
  /** Merge into this existing contact instead of creating one. */
  readonly contactId?: string | undefined;
  /** Also open an opportunity for the company and contact, in the same commit. */
  readonly createOpportunity?: boolean | undefined;
  /** Create the company even if similar ones exist. */
  readonly skipDuplicateCheck?: boolean | undefined;
}

/** What a conversion made: the lead after it, and the records it created or merged into. */
export interface LeadConversionResult {
  readonly lead: ReturnType<typeof leadView>;
  readonly companyId: string;
  /** null: the lead named no person (and no contact was given), so it became a company alone. */
  readonly contactId: string | null;
  readonly createdCompany: boolean;
  readonly createdContact: boolean;
  readonly opportunityId: string | null;
}

/**
 * Converts a lead: loads the lead and the target company and contact, runs the duplicate
 * check, decides (domain/directory/lead-conversion.ts) and commits the lead, company and contact events, the
 * company-code sequence, the VAT claim and the idempotency record as ONE transaction (`runDecision`).
 * A lost race is decided again once, then refused as a concurrent update (as stale when the caller pinned
 * the lead's version). Similar companies are a `DuplicatesFoundError` naming them.
 */
export const leadConversion =
  (dependencies: ApplicationDependencySource) =>
  async (context: CommandContext, leadId: string, body: ConvertLeadInput, options: CommandOptions = {}): Promise<CommandOutcome<LeadConversionResult>> => {
    const { eventStore: store, readModels, newId, now, settings, metrics } = dependencies();
    const { actor } = context;
    const tenant = actor.tenant;
    const { expectedVersion, idempotency } = options;
    const [companySettings, contactSettings] = await Promise.all([
      directorySettings(settings, tenant, 'company'),
      directorySettings(settings, tenant, 'contact'),
    ]);
    const newCompanyId = body.companyId === undefined ? newId() : undefined;
    const newContactId = body.contactId === undefined ? newId() : undefined;
    const opportunityId = body.createOpportunity ? newId() : undefined;

    return runDecision<LeadConversionResult>({
      store,
      ...(metrics ? { metrics, commandType: () => 'ConvertLead' } : {}),
      tenant,
      pinned: expectedVersion !== undefined,
      ...(idempotency ? { idempotency } : {}),
      meta: { actor: actor.userId, commandId: newId(), correlationId: context.correlationId, ...(context.requestId ? { requestId: context.requestId } : {}) },
      now,
      // A lost race is decided again once: a conversion reads three records and the duplicate index.
      maxStreamAttempts: 2,
      conflictDetail: 'the records are being changed concurrently; retry',
      decide: async (at, attempt) => {
        const lead = await loadState(store, tenant, 'lead', leadId, leadDecider as Decider<never, Lead | null, DomainEvent>);
        if (lead.state === null || !canSeeLead(actor, lead.state)) throw notFound('lead not found');
        if (expectedVersion !== undefined && expectedVersion !== lead.version) {
          throw new StaleVersionError(`the record is at version ${lead.version}, not ${expectedVersion}`);
        }
        const existingCompany = body.companyId
          ? await loadState(store, tenant, 'company', body.companyId, companyDecider as Decider<never, Company | null, DomainEvent>)
          : undefined;
        const existingContact = body.contactId
          ? await loadState(store, tenant, 'contact', body.contactId, contactDecider as Decider<never, Contact | null, DomainEvent>)
          : undefined;
        const sequenceFrom = newCompanyId ? await store.readSequence(tenant, 'company', { hint: attempt === 1 }) : 0;
        const companyTarget: CompanyTarget = newCompanyId
          ? { mode: 'create', companyId: newCompanyId, sequence: sequenceFrom + 1 }
          : { mode: 'merge', companyId: body.companyId!, company: existingCompany!.state };
        const contactTarget: ContactTarget = newContactId
          ? { mode: 'create', contactId: newContactId }
          : { mode: 'merge', contactId: body.contactId!, contact: existingContact!.state };
        const checkDuplicates = newCompanyId && !body.skipDuplicateCheck && !lead.state.converted;
        const duplicates = checkDuplicates ? await findDuplicates(store, readModels, actor, lead.state) : [];

        const decisionContext = { actor, now: at };
        // Similar companies are a DuplicatesFoundError (a conflict naming them): the caller merges or skips the check.
        const decision = decideConversion(
          {
            company: companyTarget,
            contact: contactTarget,
            duplicates,
            settings: { company: companySettings, contact: contactSettings },
            ...(body.skipDuplicateCheck !== undefined ? { skipDuplicateCheck: body.skipDuplicateCheck } : {}),
            ...(body.createOpportunity !== undefined ? { createOpportunity: body.createOpportunity } : {}),
            ...(opportunityId ? { opportunityId } : {}),
          },
          lead.state,
          decisionContext,
        );

        const leadAfter = decision.lead
          .map((event) => ({ ...event, at, actor: actor.userId }) as Recorded<(typeof decision.lead)[number]>)
          .reduce(leadDecider.evolve, lead.state)!;
        const leadVersion = lead.version + decision.lead.length;
        const { company, contact } = decision;
        const result: LeadConversionResult = {
          lead: leadView(leadAfter, leadVersion),
          companyId: company.companyId,
          contactId: contact?.contactId ?? null,
          createdCompany: company.created,
          createdContact: contact?.created ?? false,
          opportunityId: decision.opportunity?.opportunityId ?? null,
        };

        const streams: StreamAppend[] = [{ aggregateType: 'lead', aggregateId: leadId, expectedVersion: lead.version, events: decision.lead }];
        if (company.events.length > 0) {
          streams.push({ aggregateType: 'company', aggregateId: company.companyId, expectedVersion: existingCompany?.version ?? 0, events: company.events });
        }
        if (contact !== null && contact.events.length > 0) {
          streams.push({ aggregateType: 'contact', aggregateId: contact.contactId, expectedVersion: existingContact?.version ?? 0, events: contact.events });
        }
        if (decision.opportunity) {
          streams.push({ aggregateType: 'opportunity', aggregateId: decision.opportunity.opportunityId, expectedVersion: 0, events: decision.opportunity.events });
        }
        const keyOf = (k: { scope: string; value: string }) => `${k.scope}\u0000${k.value}`;
        const before = companyUniqueKeys(existingCompany?.state ?? null);
        const after = companyUniqueKeys(company.state);
        const claims: UniqueClaim[] = after
          .filter((k) => !before.some((b) => keyOf(b) === keyOf(k)))
          .map((k) => ({ ...k, owner: company.companyId }));
        await refuseLegacyVatHolders(store, tenant, claims);

        // Lookup items of the three records, as their states before and after (read your writes).
        const lookups = [
          lookupChanges(leadLookupKeys(lead.state), leadLookupKeys(leadAfter), leadId),
          lookupChanges(companyLookupKeys(existingCompany?.state ?? null), companyLookupKeys(company.state), company.companyId),
          // A company-only lead converts into a company alone: no contact, no contact lookups.
          ...(contact === null ? [] : [lookupChanges(contactLookupKeys(existingContact?.state ?? null), contactLookupKeys(contact.state), contact.contactId)]),
        ];

        return {
          streams,
          sequences: newCompanyId ? [{ name: 'company', from: sequenceFrom, to: sequenceFrom + 1 }] : [],
          claims,
          lookups: { add: lookups.flatMap((l) => l.add), remove: lookups.flatMap((l) => l.remove) },
          result,
        };
      },
    });
  };
