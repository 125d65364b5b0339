import { describe, it } from 'vitest';
import { companyDecider, emptyCompanyProfile } from '../../../domain/directory/company.ts';
import { leadDecider } from '../../../domain/directory/lead.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { CompanyEvent } from '../../../events/directory/company-events.ts';
import type { LeadEvent } from '../../../events/directory/lead-events.ts';
import { deciderSpec, type GivenEvent } from '../../support/decider-spec.ts';

const now = '2026-03-10T09:00:00.000Z';
const olga: Actor = { tenant: 'acme', userId: 'olga', role: 'standard', groups: [] };
/** Restricted: sees only what she is responsible for, manages or owns, and unassigned records. */
const rita: Actor = { tenant: 'acme', userId: 'rita', role: 'restricted', groups: [] };

describe('notes on companies', () => {
  const spec = deciderSpec(companyDecider, { actor: olga, now });
  const registered = (responsibleUserId: string | null = null): GivenEvent<CompanyEvent> => ({
    type: 'CompanyRegistered',
    data: {
      companyId: 'co-1',
      code: 'C000001',
      profile: {
        ...emptyCompanyProfile,
        legalName: 'Acme',
      },
      responsibleUserId,
      accountManagers: [],
      status: null,
    },
  });
  const note = (body: string) => ({ type: 'AddNote' as const, data: { noteId: 'n-1', body } });

  it('adds a trimmed note and counts it', () => {
    spec
      .given([registered()])
      .when(note('  Called back, wants a quote  '))
      .then([{ type: 'CompanyNoteAdded', data: { companyId: 'co-1', noteId: 'n-1', body: 'Called back, wants a quote' } }])
      .andState({ noteCount: 1, updatedAt: now });
  });

  it('refuses a blank or too long note, an unknown company and one the actor cannot see', () => {
    spec.given([registered()]).when(note('  ')).thenThrows('invalid', { path: 'body', message: 'must not be blank' });
    spec.given([registered()]).when(note('x'.repeat(4001))).thenThrows('invalid', { path: 'body' });
    spec.given([]).when(note('hello')).thenThrows('not_found');
    spec.as(rita).given([registered('olga')]).when(note('hello')).thenThrows('not_found');
    spec.as(rita).given([registered('rita')]).when(note('hello')).outcome();
  });
});

describe('notes on leads', () => {
  const spec = deciderSpec(leadDecider, { actor: olga, now });
  const created = (ownerId: string | null = null): GivenEvent<LeadEvent> => ({
    type: 'LeadCreated',
    data: {
      leadId: 'ld-1',
      profile: {
        companyName: 'Acme',
        vatNumber: null,
        firstName: null,
        lastName: 'Rossi',
        position: null,
        emails: [],
        phones: [],
        address: null,
        website: null,
        source: null,
        tags: [],
      },
      ownerId,
      stage: null,
    },
  });
  const converted: GivenEvent<LeadEvent> = {
    type: 'LeadConverted',
    data: { leadId: 'ld-1', companyId: 'co-1', contactId: 'ct-1', createdCompany: true, createdContact: true },
  };
  const note = (body: string) => ({ type: 'AddNote' as const, data: { noteId: 'n-1', body } });

  it('adds a note, also to a converted lead', () => {
    spec
      .given([created()])
      .when(note('Met at the fair'))
      .then([{ type: 'LeadNoteAdded', data: { leadId: 'ld-1', noteId: 'n-1', body: 'Met at the fair' } }])
      .andState({ noteCount: 1 });
    spec.given([created(), converted]).when(note('Signed')).then([{ type: 'LeadNoteAdded', data: { leadId: 'ld-1', noteId: 'n-1', body: 'Signed' } }]);
  });

  it('refuses a blank note, an unknown lead and one the actor cannot see', () => {
    spec.given([created()]).when(note('')).thenThrows('invalid', { path: 'body' });
    spec.given([]).when(note('hello')).thenThrows('not_found');
    spec.as(rita).given([created('olga')]).when(note('hello')).thenThrows('not_found');
  });
});
