import { describe, expect, it } from 'vitest';
import type { Company } from '../../../domain/directory/company.ts';
import type { Contact } from '../../../domain/directory/contact.ts';
import { leadDecider, type LeadCommand } from '../../../domain/directory/lead.ts';
import { decideConversion, DuplicatesFoundError, type ConvertLeadData } from '../../../domain/directory/lead-conversion.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { fold } from '../../../domain/shared/decider.ts';
import { readStored, validateForAppend } from '../../../contract/event-catalogue.ts';
import type { LeadEvent, LeadProfile } from '../../../events/directory/lead-events.ts';
import { companyFixture } from '../../support/company-fixture.ts';
import { deciderSpec, type GivenEvent } from '../../support/decider-spec.ts';

// ---------------------------------------------------------------------------------------------------
// Fixtures

const now = '2026-03-10T09:00:00.000Z';
const leadId = 'ld-1';

const actor = (userId: string, role: Actor['role'] = 'standard'): Actor => ({ tenant: 'acme', userId, role, groups: [] });
const olga = actor('olga');
/** Restricted: sees leads she owns and unowned ones. */
const rita = actor('rita', 'restricted');

const spec = deciderSpec(leadDecider, { actor: olga, now });

const profile = (data: Partial<LeadProfile> = {}): LeadProfile => ({
  companyName: 'Fiat SpA',
  vatNumber: 'IT00470400011',
  firstName: 'Mario',
  lastName: 'Rossi',
  position: 'CEO',
  emails: [{ type: 'work', address: 'mario@fiat.it' }],
  phones: [{ type: 'work', number: '+39 011 123 4567' }],
  address: { street: 'Via Nizza 250', city: 'Torino', country: 'IT' },
  website: 'https://fiat.it/',
  source: 'fair',
  tags: ['auto'],
  ...data,
});

type Data<T extends LeadEvent['type']> = Extract<LeadEvent, { type: T }>['data'];

const created = (data: Partial<Data<'LeadCreated'>> = {}): GivenEvent<LeadEvent> => ({
  type: 'LeadCreated',
  data: { leadId, profile: profile(), ownerId: null, stage: 'new', ...data },
});
const converted = (): GivenEvent<LeadEvent> => ({
  type: 'LeadConverted',
  data: { leadId, companyId: 'co-9', contactId: 'ct-9', createdCompany: true, createdContact: true },
});

const company = (id: string, data: Partial<Company['profile']> = {}, ownership: Partial<Pick<Company, 'responsibleUserId' | 'accountManagers'>> = {}): Company =>
  companyFixture(id, { code: 'C000007', profile: { legalName: 'FIAT S.p.A.', ...data }, at: now, ...ownership });

const contact = (id: string, data: Partial<Contact['profile']> = {}, accountManagers: string[] = [], companyId: string | null = null): Contact => ({
  id,
  profile: {
    firstName: 'Mario',
    lastName: null,
    position: null,
    stage: null,
    source: null,
    emails: [],
    phones: [],
    address: null,
    tags: [],
    avatarKey: null,
    ...data,
  },
  companyId,
  accountManagers,
  customFields: {},
  segments: [],
  recentInteractions: [],
  interactionCount: 0,
  recentNotes: [],
  noteCount: 0,
  createdBy: 'olga',
  createdAt: now,
  updatedAt: now,
});

const createNew: ConvertLeadData = {
  company: { mode: 'create', companyId: 'co-1', sequence: 42 },
  contact: { mode: 'create', contactId: 'ct-1' },
  duplicates: [],
};
const convert = (data: Partial<ConvertLeadData> = {}): LeadCommand => ({ type: 'ConvertLead', data: { ...createNew, ...data } });

/** The conversion of the given lead events, every emitted event checked against the catalogue. */
const conversion = (given: GivenEvent<LeadEvent>[], data: Partial<ConvertLeadData> = {}, as: Actor = olga) => {
  const state = spec.given(given).state();
  const decision = decideConversion({ ...createNew, ...data }, state, { actor: as, now });
  for (const event of [...decision.lead, ...decision.company.events, ...(decision.contact?.events ?? []), ...(decision.opportunity?.events ?? [])]) {
    validateForAppend(event.type, event.data);
  }
  return decision;
};

// ---------------------------------------------------------------------------------------------------

describe('CreateLead', () => {
  it('creates a lead with its profile normalised by the directory field rules', () => {
    spec
      .when({
        type: 'CreateLead',
        data: {
          leadId,
          profile: {
            companyName: ' Fiat SpA ',
            vatNumber: 'it 00470400011',
            firstName: ' Mario ',
            lastName: 'Rossi',
            emails: [{ type: 'work', address: ' Mario@Fiat.IT ' }],
            address: { street: ' ', city: 'Torino' },
            website: 'fiat.it',
            tags: ['auto', 'AUTO'],
          },
          ownerId: ' olga ',
          stage: 'new',
        },
      })
      .then([
        {
          type: 'LeadCreated',
          data: {
            leadId,
            profile: profile({
              companyName: 'Fiat SpA',
              position: null,
              phones: [],
              address: { city: 'Torino' },
              source: null,
              emails: [{ type: 'work', address: 'mario@fiat.it' }],
            }),
            ownerId: 'olga',
            stage: 'new',
          },
        },
      ])
      .andState({ id: leadId, ownerId: 'olga', converted: null, createdBy: 'olga' });
  });

  it('refuses a blank company name and a malformed VAT number with the field path', () => {
    spec.when({ type: 'CreateLead', data: { leadId, profile: { companyName: '  ' } } }).thenThrows('invalid', { path: 'companyName' });
    spec.when({ type: 'CreateLead', data: { leadId, profile: { companyName: 'X', vatNumber: 'IT123' } } }).thenThrows('invalid', { path: 'vatNumber' });
  });

  it('refuses to create a lead twice', () => {
    spec.given([created()]).when({ type: 'CreateLead', data: { leadId, profile: { companyName: 'X' } } }).thenThrows('conflict');
  });
});

describe('UpdateLead', () => {
  it('emits only what changed: profile, owner, stage', () => {
    spec
      .given([created()])
      .when({ type: 'UpdateLead', data: { profile: { companyName: 'Fiat SpA', position: 'CFO', tags: { add: ['vip'] } }, ownerId: 'olga', stage: 'qualified' } })
      .then([
        { type: 'LeadProfileChanged', data: { leadId, changes: { position: 'CFO', tags: ['auto', 'vip'] } } },
        { type: 'LeadOwnerChanged', data: { leadId, from: null, to: 'olga' } },
        { type: 'LeadStageChanged', data: { leadId, from: 'new', to: 'qualified' } },
      ])
      .andState({ ownerId: 'olga', stage: 'qualified', profile: { position: 'CFO' } });
    spec.given([created()]).when({ type: 'UpdateLead', data: { profile: { companyName: 'Fiat SpA' }, stage: 'new' } }).thenNothing();
  });

  it('hides a lead owned by someone else from a restricted user (404), and refuses changes to a converted lead (409)', () => {
    spec.as(rita).given([created({ ownerId: 'olga' })]).when({ type: 'UpdateLead', data: { stage: 'x' } }).thenThrows('not_found');
    spec.as(rita).given([created({ ownerId: 'rita' })]).when({ type: 'UpdateLead', data: { stage: 'x' } }).outcome();
    spec.given([created(), converted()]).when({ type: 'UpdateLead', data: { stage: 'x' } }).thenThrows('conflict');
    spec.given([created(), converted()]).when({ type: 'UpdateLead', data: { profile: { tags: ['moto'] } } }).thenThrows('conflict');
  });

  it('takes an update of a converted lead that changes nothing (its exported row imported back) as nothing', () => {
    spec
      .given([created(), converted()])
      .when({ type: 'UpdateLead', data: { profile: { companyName: ' Fiat SpA ', phones: profile().phones, tags: ['auto'] }, stage: 'new', ownerId: null } })
      .thenNothing();
  });
});

describe('ConvertLead', () => {
  it('creates a client company (code from the sequence) and a contact linked to it, and converts the lead with links', () => {
    const decision = conversion([created({ ownerId: 'olga' })]);
    expect(decision.company.events).toStrictEqual([
      {
        type: 'CompanyRegistered',
        data: {
          companyId: 'co-1',
          code: 'C000042',
          profile: {
            legalName: 'Fiat SpA',
            aliases: [],
            kind: 'client',
            vatNumber: 'IT00470400011',
            taxCode: null,
            addresses: [{ type: 'registered', street: 'Via Nizza 250', city: 'Torino', country: 'IT' }],
            phones: [{ type: 'work', number: '+39 011 123 4567' }],
            emails: [{ type: 'work', address: 'mario@fiat.it' }],
            website: 'https://fiat.it/',
            categories: [],
            area: null,
            segments: [],
            tags: ['auto'],
          },
          responsibleUserId: 'olga',
          accountManagers: [],
          status: null,
        },
      },
    ]);
    expect(decision.contact!.events).toStrictEqual([
      {
        type: 'ContactCreated',
        data: {
          contactId: 'ct-1',
          profile: {
            firstName: 'Mario',
            lastName: 'Rossi',
            position: 'CEO',
            stage: null,
            source: 'fair',
            emails: [{ type: 'work', address: 'mario@fiat.it' }],
            phones: [{ type: 'work', number: '+39 011 123 4567' }],
            address: { street: 'Via Nizza 250', city: 'Torino', country: 'IT' },
            tags: ['auto'],
            avatarKey: null,
          },
          companyId: 'co-1',
          accountManagers: ['olga'],
        },
      },
    ]);
    expect(decision.company).toMatchObject({ companyId: 'co-1', created: true, state: { code: 'C000042' } });
    expect(decision.contact).toMatchObject({ contactId: 'ct-1', created: true, state: { companyId: 'co-1' } });
    spec
      .given([created({ ownerId: 'olga' })])
      .when(convert())
      .then([{ type: 'LeadConverted', data: { leadId, companyId: 'co-1', contactId: 'ct-1', createdCompany: true, createdContact: true } }])
      .andState({ converted: { companyId: 'co-1', contactId: 'ct-1', createdCompany: true, createdContact: true, at: now, by: 'olga' } });
  });

  it('merges into an existing company filling only its empty fields, and creates the contact linked to it', () => {
    const existing = company('co-7', { vatNumber: 'IT00470400011', website: 'https://old.example.com/', tags: ['x'] });
    const decision = conversion([created()], { company: { mode: 'merge', companyId: 'co-7', company: existing } });
    expect(decision.company.events).toStrictEqual([
      {
        type: 'CompanyProfileChanged',
        data: {
          companyId: 'co-7',
          changes: {
            addresses: [{ type: 'registered', street: 'Via Nizza 250', city: 'Torino', country: 'IT' }],
            phones: [{ type: 'work', number: '+39 011 123 4567' }],
            emails: [{ type: 'work', address: 'mario@fiat.it' }],
          },
        },
      },
    ]);
    expect(decision.company.created).toBe(false);
    expect(decision.company.state.profile).toMatchObject({ legalName: 'FIAT S.p.A.', website: 'https://old.example.com/', tags: ['x'] });
    expect(decision.contact!.events[0]).toMatchObject({ type: 'ContactCreated', data: { companyId: 'co-7' } });
    expect(decision.lead).toStrictEqual([
      { type: 'LeadConverted', data: { leadId, companyId: 'co-7', contactId: 'ct-1', createdCompany: false, createdContact: true } },
    ]);
  });

  it('emits nothing on an existing company whose fields are all filled', () => {
    const full = company('co-7', {
      vatNumber: 'IT00470400011',
      addresses: [{ type: 'office', city: 'Roma' }],
      phones: [{ type: 'main', number: '+39 06 1234567' }],
      emails: [{ type: 'work', address: 'info@fiat.it' }],
      website: 'https://fiat.com/',
      tags: ['y'],
    });
    const decision = conversion([created()], { company: { mode: 'merge', companyId: 'co-7', company: full } });
    expect(decision.company.events).toStrictEqual([]);
    expect(decision.contact!.events[0]).toMatchObject({ type: 'ContactCreated', data: { companyId: 'co-7' } });
  });

  it('merges into an existing contact: only its empty fields are filled, and it is linked to the company', () => {
    const person = contact('ct-5', { firstName: 'Marius', position: 'Owner' }, [], 'co-old');
    const decision = conversion([created()], { contact: { mode: 'merge', contactId: 'ct-5', contact: person } });
    expect(decision.contact!.events).toStrictEqual([
      {
        type: 'ContactProfileChanged',
        data: {
          contactId: 'ct-5',
          changes: {
            lastName: 'Rossi',
            source: 'fair',
            emails: [{ type: 'work', address: 'mario@fiat.it' }],
            phones: [{ type: 'work', number: '+39 011 123 4567' }],
            address: { street: 'Via Nizza 250', city: 'Torino', country: 'IT' },
            tags: ['auto'],
          },
        },
      },
      { type: 'ContactLinkedToCompany', data: { contactId: 'ct-5', companyId: 'co-1', previousCompanyId: 'co-old' } },
    ]);
    expect(decision.contact).toMatchObject({ created: false, state: { companyId: 'co-1', profile: { firstName: 'Marius', position: 'Owner' } } });
    expect(decision.lead[0]!.data).toMatchObject({ contactId: 'ct-5', createdContact: false, createdCompany: true });
  });

  it('merges into an existing company and contact already linked: only the empty fields', () => {
    const full = company('co-7', { vatNumber: 'X1234', addresses: [{ type: 'office' }], phones: [{ type: 'main', number: '12345' }], emails: [{ type: 'work', address: 'a@b.it' }], website: 'https://a.it/', tags: ['t'] });
    const person = contact('ct-5', { lastName: 'R', position: 'P', source: 's', emails: [{ type: 'work', address: 'x@y.it' }], phones: [{ type: 'mobile', number: '12345' }], address: { city: 'Roma' }, tags: ['t'] }, [], 'co-7');
    const decision = conversion([created()], {
      company: { mode: 'merge', companyId: 'co-7', company: full },
      contact: { mode: 'merge', contactId: 'ct-5', contact: person },
    });
    expect(decision.company.events).toStrictEqual([]);
    expect(decision.contact!.events).toStrictEqual([]);
    expect(decision.lead[0]!.data).toStrictEqual({ leadId, companyId: 'co-7', contactId: 'ct-5', createdCompany: false, createdContact: false });
  });

  it('refuses with 409 and the candidates when the duplicate check found companies, unless told to skip it', () => {
    const duplicates = [{ id: 'co-3', code: 'C000003', legalName: 'F.I.A.T. S.p.A.' }];
    const error = spec.given([created()]).when(convert({ duplicates })).thenThrows('conflict', 'looks like 1 existing company');
    expect(error).toBeInstanceOf(DuplicatesFoundError);
    expect((error as DuplicatesFoundError).candidates).toStrictEqual(duplicates);
    spec.given([created()]).when(convert({ duplicates, skipDuplicateCheck: true })).outcome();
    // Merging into a given company needs no duplicate check.
    spec.given([created()]).when(convert({ duplicates, company: { mode: 'merge', companyId: 'co-7', company: company('co-7') } })).outcome();
  });

  it('refuses converting twice (409), an unknown or invisible lead (404) and an opportunity without a reserved id (422)', () => {
    spec.given([created(), converted()]).when(convert()).thenThrows('conflict', 'already converted');
    spec.when(convert()).thenThrows('not_found');
    spec.as(rita).given([created({ ownerId: 'olga' })]).when(convert()).thenThrows('not_found');
    spec.given([created()]).when(convert({ createOpportunity: true })).thenThrows('invalid', {
      path: 'createOpportunity',
      message: 'no opportunity id was reserved',
    });
  });

  it('refuses an unknown or invisible company or contact with the same 422', () => {
    const hidden = company('co-7', {}, { responsibleUserId: 'olga' });
    const unknownCompany = spec.given([created()]).when(convert({ company: { mode: 'merge', companyId: 'co-7', company: null } })).thenThrows('invalid', { path: 'companyId' });
    const invisibleCompany = spec.as(rita).given([created()]).when(convert({ company: { mode: 'merge', companyId: 'co-7', company: hidden } })).thenThrows('invalid', { path: 'companyId' });
    expect(invisibleCompany.message).toBe(unknownCompany.message);
    const managed = contact('ct-5', {}, ['olga']);
    const unknownContact = spec.given([created()]).when(convert({ contact: { mode: 'merge', contactId: 'ct-5', contact: null } })).thenThrows('invalid', { path: 'contactId' });
    const invisibleContact = spec.as(rita).given([created()]).when(convert({ contact: { mode: 'merge', contactId: 'ct-5', contact: managed } })).thenThrows('invalid', { path: 'contactId' });
    expect(invisibleContact.message).toBe(unknownContact.message);
  });

  describe('a company-only lead (no first or last name)', () => {
    const companyOnly = created({ profile: profile({ firstName: null, lastName: null, position: null }) });

    it('converts into a company alone: no contact, LeadConverted with contactId null', () => {
      spec
        .given([companyOnly])
        .when(convert())
        .then([{ type: 'LeadConverted', data: { leadId, companyId: 'co-1', contactId: null, createdCompany: true, createdContact: false } }])
        .andState({ converted: { companyId: 'co-1', contactId: null, createdContact: false } });
      const decision = conversion([companyOnly]);
      expect(decision.contact).toBeNull();
      expect(decision.company.events.map((e) => e.type)).toEqual(['CompanyRegistered']);
      expect(decision.company.state.profile).toMatchObject({ legalName: 'Fiat SpA', vatNumber: 'IT00470400011' });
    });

    it('still links an existing contact given to it', () => {
      const decision = conversion([companyOnly], { contact: { mode: 'merge', contactId: 'ct-5', contact: contact('ct-5') } });
      expect(decision.contact).toMatchObject({ contactId: 'ct-5', created: false });
      expect(decision.lead[0]!.data).toMatchObject({ contactId: 'ct-5', createdContact: false });
    });

    it('opens an opportunity with the company only (contactId null) when asked', () => {
      const decision = conversion([companyOnly], { createOpportunity: true, opportunityId: 'op-1' });
      expect(decision.opportunity?.events).toEqual([
        {
          type: 'OpportunityCreated',
          data: { ...opportunityStub, opportunityId: 'op-1', title: 'Fiat SpA', parties: [{ kind: 'company', id: 'co-1' }], contactId: null, leadId, ownerId: null },
        },
      ]);
      expect(decision.lead[0]!.data).toMatchObject({ contactId: null, opportunityId: 'op-1' });
    });

    it('keeps a lead with only a blank-free last name converting with a contact', () => {
      const decision = conversion([created({ profile: profile({ firstName: null, lastName: 'Rossi' }) })]);
      expect(decision.contact).toMatchObject({ contactId: 'ct-1', created: true });
    });
  });

  it('folds: the converted lead keeps its links', () => {
    const state = fold(leadDecider, spec.given([created(), converted()]).recorded());
    expect(state?.converted).toMatchObject({ companyId: 'co-9', contactId: 'ct-9' });
  });
});

/** What a lead conversion's opportunity carries besides its title, party, contact, lead and owner: nothing valued, stage new. */
const opportunityStub = {
  pricing: null,
  amount: null,
  currency: null,
  probability: null,
  stage: 'new',
  expectedCloseDate: null,
  partners: [],
  competitors: [],
  campaign: null,
  description: null,
};

describe('ConvertLead with createOpportunity', () => {
  it('opens an opportunity stub (stage new) for the company and contact, linked from LeadConverted, in the same decision', () => {
    const decision = conversion([created({ ownerId: 'olga' })], { createOpportunity: true, opportunityId: 'op-1' });
    expect(decision.opportunity).toEqual({
      opportunityId: 'op-1',
      events: [
        {
          type: 'OpportunityCreated',
          data: {
            ...opportunityStub,
            opportunityId: 'op-1',
            title: decision.company.state.profile.legalName,
            parties: [{ kind: 'company', id: 'co-1' }],
            contactId: 'ct-1',
            leadId,
            ownerId: 'olga',
          },
        },
      ],
    });
    expect(decision.lead[0]).toMatchObject({ type: 'LeadConverted', data: { opportunityId: 'op-1' } });
    spec
      .given([created()])
      .when(convert({ createOpportunity: true, opportunityId: 'op-1' }))
      .outcome()
      .andState({ converted: { companyId: 'co-1', contactId: 'ct-1', opportunityId: 'op-1' } });
  });

  it('opens none without createOpportunity, and LeadConverted then carries no opportunity', () => {
    const decision = conversion([created()], { opportunityId: 'op-1' });
    expect(decision.opportunity).toBeNull();
    expect(decision.lead[0]!.data).not.toHaveProperty('opportunityId');
    spec.given([created()]).when(convert()).outcome().andState({ converted: { opportunityId: null } });
  });
});

describe('LeadConverted versions', () => {
  it('lifts OpportunityCreated v1 (it had a contact) to v3: its company the one party, nothing valued', () => {
    const v1 = { opportunityId: 'op-1', title: 'Fiat SpA', companyId: 'co-1', contactId: 'ct-1', leadId, stage: 'new', ownerId: null };
    expect(readStored('OpportunityCreated', 1, v1)).toEqual({
      ...opportunityStub,
      opportunityId: 'op-1',
      title: 'Fiat SpA',
      parties: [{ kind: 'company', id: 'co-1' }],
      contactId: 'ct-1',
      leadId,
      ownerId: null,
    });
    expect(() => readStored('OpportunityCreated', 1, { ...v1, contactId: null })).toThrow();
  });

  it('lifts v1 and v2 events unchanged to v3 (they all produced a contact)', () => {
    const v1 = { leadId, companyId: 'co-1', contactId: 'ct-1', createdCompany: true, createdContact: true };
    expect(readStored('LeadConverted', 1, v1)).toEqual(v1);
    expect(readStored('LeadConverted', 2, { ...v1, opportunityId: 'op-1' })).toEqual({ ...v1, opportunityId: 'op-1' });
  });

  it('refuses a v2 event without a contact, and a v3 event that created a contact without its id', () => {
    const companyOnly = { leadId, companyId: 'co-1', contactId: null, createdCompany: true, createdContact: false };
    expect(() => readStored('LeadConverted', 2, companyOnly)).toThrow();
    expect(readStored('LeadConverted', 3, companyOnly)).toEqual(companyOnly);
    expect(() => validateForAppend('LeadConverted', { ...companyOnly, createdContact: true })).toThrow();
  });
});
