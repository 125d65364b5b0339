import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import type { EventStore, StreamAppend, UniqueClaim } from '../../../adapters/dynamodb/event-store.ts';
import type { ConvertLeadBody } from '../../../contract/http/leads.ts';
import { companyDecider, companyUniqueKeys, type Company } from '../../../domain/directory/company.ts';
import { refuseLegacyVatHolders } from './legacy-vat-claims.ts';
import { contactDecider, type Contact } from '../../../domain/directory/contact.ts';
import { leadDecider } from '../../../domain/directory/lead.ts';
import { decideConversion, DuplicatesFoundError, type CompanyTarget, type ContactTarget } from '../../../domain/directory/lead-conversion.ts';
import { canSeeLead, type Lead } from '../../../domain/directory/lead-state.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { Decider, DomainEvent, Recorded } from '../../../domain/shared/decider.ts';
import { notFound } from '../../../domain/shared/errors.ts';
import type { TenantSettings } from '../../../domain/settings/tenant-settings.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { directorySettings } from './directory-settings.ts';
import { HttpProblem, preconditionFailed } from '../../shared/problem.ts';
import { recorded } from '../../../application/shared/recorded.ts';
import { lookupChanges } from '../../../application/shared/command-runner.ts';
import { companyLookupKeys, contactLookupKeys, leadLookupKeys } from '../../../domain/directory/lookup-keys.ts';
import { runHttpDecision } from '../http-decision.ts';
import { etag, json } from '../responses.ts';
import type { RequestInfo } from '../router.ts';
import { leadView } from './lead-wire.ts';
import { findDuplicates } from './company-duplicates.ts';

type Body = z.output<typeof ConvertLeadBody>;

const loadState = async <S>(store: EventStore, tenant: string, aggregateType: string, id: string, decider: Decider<never, S, DomainEvent>) => {
  const stream = await store.load(tenant, aggregateType, id);
  const state = stream.events.reduce((s, event) => decider.evolve(s, recorded(event)), decider.initialState);
  return { state, version: stream.version };
};


/**
 * POST /v1/leads/{id}/convert: loads the lead and the target company and contact, runs the duplicate
 * check, decides (domain/directory/lead-conversion.ts) and commits the lead, company and contact events, the
 * company-code sequence, the VAT claim and the idempotency record as ONE transaction (`runDecision`).
 * A lost race is decided again once, then answered 409 (412 with If-Match).
 */
export const convertLead = async (
  dependencies: DependencySource,
  settings: TenantSettings,
  actor: Actor,
  request: RequestInfo,
  leadId: string,
  body: Body,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const { eventStore: store, readModels, newId } = dependencies();
  const tenant = actor.tenant;
  const [companySettings, contactSettings] = await Promise.all([
    directorySettings(settings, tenant, 'company'),
    directorySettings(settings, tenant, 'contact'),
  ]);
  const newCompanyId = body.companyId === undefined ? newId() : undefined;
  const newContactId = body.contactId === undefined ? newId() : undefined;
  const opportunityId = body.createOpportunity ? newId() : undefined;

  return runHttpDecision<APIGatewayProxyStructuredResultV2>(dependencies, actor, request, {
    // TODO(issue 12): a neutral result, rendered here
    render: (response) => response,
    pinnable: true,
    // A lost race is decided again once: a conversion reads three records and the duplicate index.
    maxStreamAttempts: 2,
    conflictDetail: 'the records are being changed concurrently; retry',
    decide: async (at, attempt, expectedVersion) => {
      const lead = await loadState(store, tenant, 'lead', leadId, leadDecider as Decider<never, Lead | null, DomainEvent>);
      if (lead.state === null || !canSeeLead(actor, lead.state)) throw notFound('lead not found');
      if (expectedVersion !== undefined && expectedVersion !== lead.version) {
        throw preconditionFailed(`the record is at version ${lead.version}, not ${expectedVersion}`);
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

      const context = { actor, now: at };
      let decision: ReturnType<typeof decideConversion>;
      try {
        decision = decideConversion(
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
          context,
        );
      } catch (error) {
        if (error instanceof DuplicatesFoundError) {
          throw new HttpProblem(409, 'possible-duplicates', 'Possible duplicates', error.message, {
            extensions: { candidates: error.candidates },
          });
        }
        throw error;
      }

      const leadAfter = decision.lead
        .map((event) => ({ ...event, at, actor: actor.userId }) as Recorded<(typeof decision.lead)[number]>)
        .reduce(leadDecider.evolve, lead.state)!;
      const leadVersion = lead.version + decision.lead.length;
      const { company, contact } = decision;
      const response = json(
        200,
        {
          lead: leadView(leadAfter, leadVersion),
          companyId: company.companyId,
          contactId: contact?.contactId ?? null,
          createdCompany: company.created,
          createdContact: contact?.created ?? false,
          opportunityId: decision.opportunity?.opportunityId ?? null,
        },
        { etag: etag(leadVersion) },
      );

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
        result: (response),
      };
    },
  });
};
