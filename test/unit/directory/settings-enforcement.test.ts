import { describe, expect, it } from 'vitest';
import { companyDecider, emptyCompanyProfile } from '../../../domain/directory/company.ts';
import { contactDecider } from '../../../domain/directory/contact.ts';
import type { DirectorySettings } from '../../../domain/directory/directory-settings.ts';
import { leadDecider } from '../../../domain/directory/lead.ts';
import { decideConversion } from '../../../domain/directory/lead-conversion.ts';
import type { Catalogue, CatalogueName } from '../../../domain/settings/catalogues.ts';
import type { CustomFieldDefinition } from '../../../domain/settings/custom-fields.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { CompanyEvent } from '../../../events/directory/company-events.ts';
import type { ContactEvent } from '../../../events/directory/contact-events.ts';
import type { LeadEvent } from '../../../events/directory/lead-events.ts';
import { deciderSpec, type GivenEvent } from '../../support/decider-spec.ts';

/**
 * Custom fields and catalogues, as the deciders enforce them against the settings passed in with the
 * command (the handlers read them through the TenantSettings port).
 */

const now = '2026-03-10T09:00:00.000Z';
const olga: Actor = { tenant: 'acme', userId: 'olga', role: 'standard', groups: [] };

const enforced = (name: CatalogueName, values: string[], inactive: string[] = []): Catalogue => ({
  name,
  enforced: true,
  entries: [...values.map((value) => ({ value, labels: {}, active: true })), ...inactive.map((value) => ({ value, labels: {}, active: false }))],
});

const definitions: CustomFieldDefinition[] = [
  { key: 'employees', label: 'Employees', type: 'integer', required: false },
  { key: 'founded', label: 'Founded', type: 'date', required: false },
  { key: 'rating', label: 'Rating', type: 'choice', options: ['A', 'B', 'C'], required: false },
  { key: 'markets', label: 'Markets', type: 'multichoice', options: ['IT', 'PL', 'HU'], required: false },
  { key: 'partner', label: 'Partner', type: 'boolean', required: false },
];

const settings = (overrides: Partial<DirectorySettings> = {}): DirectorySettings => ({
  customFields: definitions,
  catalogues: {
    'company-statuses': enforced('company-statuses', ['call back', 'visit'], ['old']),
    stages: enforced('stages', ['new', 'qualified']),
    sources: enforced('sources', ['fair', 'web']),
    positions: enforced('positions', ['CEO', 'CFO']),
  },
  ...overrides,
});

const companyProfile = {
  ...emptyCompanyProfile,
  legalName: 'Acme S.r.l.',
};

describe('companies: custom fields', () => {
  const spec = deciderSpec(companyDecider, { actor: olga, now });
  const registered: GivenEvent<CompanyEvent> = {
    type: 'CompanyRegistered',
    data: { companyId: 'co-1', code: 'C000001', profile: companyProfile, responsibleUserId: null, accountManagers: [], status: null },
  };
  const register = (customFields: Record<string, unknown> | undefined, with_: DirectorySettings = settings()) => ({
    type: 'RegisterCompany' as const,
    data: { companyId: 'co-1', sequence: 1, profile: { legalName: 'Acme S.r.l.' }, settings: with_, ...(customFields ? { customFields } : {}) },
  });
  const update = (data: Record<string, unknown>, with_: DirectorySettings = settings()) => ({
    type: 'UpdateCompany' as const,
    data: { ...data, settings: with_ },
  });

  it('records the values given on registration in the same commit, after CompanyRegistered', () => {
    spec
      .when(register({ employees: 120, founded: '1899-07-11', markets: ['IT', 'PL'], partner: false }))
      .then([registered, { type: 'CompanyCustomFieldsChanged', data: { companyId: 'co-1', changes: { employees: 120, founded: '1899-07-11', markets: ['IT', 'PL'], partner: false } } }])
      .andState({ customFields: { employees: 120, founded: '1899-07-11', markets: ['IT', 'PL'], partner: false } });
  });

  it('registers without a custom-field event when none is given', () => {
    spec.when(register(undefined)).then([registered]).andState({ customFields: {} });
  });

  it('refuses an unknown key and every ill-typed value at once, naming each field', () => {
    const error = spec.when(register({ nope: 1, employees: 1.5, founded: '2026-02-30', rating: 'Z', markets: ['IT', 'FR'], partner: 'yes' })).thenThrows('invalid', {
      path: 'customFields.nope',
      message: 'unknown custom field',
    });
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(
      ['customFields.employees', 'customFields.founded', 'customFields.markets', 'customFields.nope', 'customFields.partner', 'customFields.rating'].sort(),
    );
  });

  it('refuses values that are not values at all (an object for an integer) as a type error', () => {
    spec.when(register({ employees: { n: 1 } })).thenThrows('invalid', { path: 'customFields.employees', message: 'expected an integer' });
  });

  it('refuses any custom field when the tenant defined none', () => {
    spec.when(register({ employees: 1 }, settings({ customFields: [] }))).thenThrows('invalid', { path: 'customFields.employees' });
  });

  it('requires a required field on registration, even when no custom field is given', () => {
    const required = settings({ customFields: [{ key: 'sector', label: 'Sector', type: 'text', required: true }] });
    spec.when(register(undefined, required)).thenThrows('invalid', { path: 'customFields.sector', message: 'required' });
    spec.when(register({ sector: 'food' }, required)).outcome();
  });

  it('sets, changes and clears on update, emitting only what changed', () => {
    const given: GivenEvent<CompanyEvent>[] = [registered, { type: 'CompanyCustomFieldsChanged', data: { companyId: 'co-1', changes: { employees: 120, rating: 'A' } } }];
    spec
      .given(given)
      .when(update({ customFields: { employees: 120, rating: null, partner: true } }))
      .then([{ type: 'CompanyCustomFieldsChanged', data: { companyId: 'co-1', changes: { rating: null, partner: true } } }])
      .andState({ customFields: { employees: 120, partner: true } });
    spec.given(given).when(update({ customFields: { employees: 120 } })).thenNothing();
  });

  it('writes nothing of an update whose custom fields are refused (no half-written profile change)', () => {
    spec.given([registered]).when(update({ profile: { area: 'North' }, customFields: { employees: 'many' } })).thenThrows('invalid', { path: 'customFields.employees' });
  });

  it('does not block an update without custom fields when a definition became required later', () => {
    const required = settings({ customFields: [{ key: 'sector', label: 'Sector', type: 'text', required: true }] });
    spec.given([registered]).when(update({ profile: { area: 'North' } }, required)).outcome();
    spec.given([registered]).when(update({ customFields: { sector: null } }, required)).thenThrows('invalid', { path: 'customFields.sector', message: 'required' });
  });
});

describe('companies: the status catalogue', () => {
  const spec = deciderSpec(companyDecider, { actor: olga, now });
  const registered = (status: string | null): GivenEvent<CompanyEvent> => ({
    type: 'CompanyRegistered',
    data: { companyId: 'co-1', code: 'C000001', profile: companyProfile, responsibleUserId: null, accountManagers: [], status },
  });

  it('accepts an active value and null, refuses an unknown or deactivated one naming status', () => {
    const register = (status: string | null) => ({
      type: 'RegisterCompany' as const,
      data: { companyId: 'co-1', sequence: 1, profile: { legalName: 'Acme S.r.l.' }, status, settings: settings() },
    });
    spec.when(register('visit')).then([registered('visit')]);
    spec.when(register(null)).then([registered(null)]);
    spec.when(register('lunch')).thenThrows('invalid', { path: 'status', message: 'company-statuses' });
    spec.when(register('old')).thenThrows('invalid', { path: 'status' });
  });

  it('checks a changed status on update; keeping a since-deactivated status is fine', () => {
    const update = (data: Record<string, unknown>) => ({ type: 'UpdateCompany' as const, data: { ...data, settings: settings() } });
    spec.given([registered('old')]).when(update({ status: 'lunch' })).thenThrows('invalid', { path: 'status' });
    spec.given([registered('old')]).when(update({ status: 'old', profile: { area: 'North' } })).outcome();
    spec
      .given([registered('old')])
      .when(update({ status: 'visit' }))
      .then([{ type: 'CompanyStatusChanged', data: { companyId: 'co-1', from: 'old', to: 'visit' } }]);
  });

  it('takes any status while the catalogue is not enforced (the default)', () => {
    const register = { type: 'RegisterCompany' as const, data: { companyId: 'co-1', sequence: 1, profile: { legalName: 'Acme S.r.l.' }, status: 'lunch' } };
    spec.when(register).then([registered('lunch')]);
  });
});

describe('contacts: stage, source, position and custom fields', () => {
  const spec = deciderSpec(contactDecider, { actor: olga, now });
  const profile = { firstName: 'Anna', lastName: null, position: null, stage: null, source: null, emails: [], phones: [], address: null, tags: [], avatarKey: null };
  const created: GivenEvent<ContactEvent> = { type: 'ContactCreated', data: { contactId: 'ct-1', profile, companyId: null, accountManagers: [] } };
  const create = (data: Record<string, unknown>) => ({
    type: 'CreateContact' as const,
    data: { contactId: 'ct-1', profile: { firstName: 'Anna', ...data }, settings: settings() },
  });

  it('accepts catalogued values and refuses others, naming the field', () => {
    spec.when(create({ stage: 'new', source: 'fair', position: 'CEO' })).then([
      { type: 'ContactCreated', data: { contactId: 'ct-1', profile: { ...profile, stage: 'new', source: 'fair', position: 'CEO' }, companyId: null, accountManagers: [] } },
    ]);
    spec.when(create({ stage: 'hot' })).thenThrows('invalid', { path: 'stage', message: 'stages' });
    spec.when(create({ source: 'radio' })).thenThrows('invalid', { path: 'source', message: 'sources' });
    spec.when(create({ position: 'Pope' })).thenThrows('invalid', { path: 'position', message: 'positions' });
  });

  it('checks the stage on update (as bulk setStage does)', () => {
    const update = (stage: string) => ({ type: 'UpdateContact' as const, data: { profile: { stage }, settings: settings() } });
    spec.given([created]).when(update('hot')).thenThrows('invalid', { path: 'stage' });
    spec.given([created]).when(update('qualified')).then([{ type: 'ContactProfileChanged', data: { contactId: 'ct-1', changes: { stage: 'qualified' } } }]);
  });

  it('records custom fields with the creation and refuses unknown ones', () => {
    spec.when({ ...create({}), data: { ...create({}).data, customFields: { rating: 'B' } } }).then([
      created,
      { type: 'ContactCustomFieldsChanged', data: { contactId: 'ct-1', changes: { rating: 'B' } } },
    ]);
    spec.when({ ...create({}), data: { ...create({}).data, customFields: { shoeSize: 42 } } }).thenThrows('invalid', { path: 'customFields.shoeSize' });
    spec
      .given([created])
      .when({ type: 'UpdateContact', data: { customFields: { rating: 'D' }, settings: settings() } })
      .thenThrows('invalid', { path: 'customFields.rating', message: 'expected one of A, B, C' });
  });
});

describe('leads: stage, source, position and custom fields', () => {
  const spec = deciderSpec(leadDecider, { actor: olga, now });
  const profile = {
    companyName: 'Acme',
    vatNumber: null,
    firstName: null,
    lastName: null,
    position: null,
    emails: [],
    phones: [],
    address: null,
    website: null,
    source: null,
    tags: [],
  };
  const created: GivenEvent<LeadEvent> = { type: 'LeadCreated', data: { leadId: 'ld-1', profile, ownerId: null, stage: null } };
  const create = (data: Record<string, unknown>, customFields?: Record<string, unknown>) => ({
    type: 'CreateLead' as const,
    data: { leadId: 'ld-1', profile: { companyName: 'Acme', ...data }, settings: settings(), ...(customFields ? { customFields } : {}) },
  });

  it('checks stage, source and position against their catalogues', () => {
    spec.when({ ...create({}), data: { ...create({}).data, stage: 'hot' } }).thenThrows('invalid', { path: 'stage' });
    spec.when(create({ source: 'radio' })).thenThrows('invalid', { path: 'source' });
    spec.when(create({ position: 'Pope' })).thenThrows('invalid', { path: 'position' });
    spec.given([created]).when({ type: 'UpdateLead', data: { stage: 'hot', settings: settings() } }).thenThrows('invalid', { path: 'stage' });
    spec
      .given([created])
      .when({ type: 'UpdateLead', data: { stage: 'new', settings: settings() } })
      .then([{ type: 'LeadStageChanged', data: { leadId: 'ld-1', from: null, to: 'new' } }]);
  });

  it('records, changes and refuses custom fields', () => {
    spec.when(create({}, { employees: 3 })).then([created, { type: 'LeadCustomFieldsChanged', data: { leadId: 'ld-1', changes: { employees: 3 } } }]);
    spec.when(create({}, { employees: '3' })).thenThrows('invalid', { path: 'customFields.employees' });
    spec
      .given([created])
      .when({ type: 'UpdateLead', data: { customFields: { partner: true }, settings: settings() } })
      .then([{ type: 'LeadCustomFieldsChanged', data: { leadId: 'ld-1', changes: { partner: true } } }])
      .andState({ customFields: { partner: true } });
  });

  it('converts even when the tenant requires custom fields on companies and contacts (they are filled afterwards)', () => {
    const required = settings({ customFields: [{ key: 'sector', label: 'Sector', type: 'text', required: true }] });
    const state = spec.given([{ ...created, data: { ...created.data, profile: { ...profile, lastName: 'Rossi' } } } as GivenEvent<LeadEvent>]).state();
    const decision = decideConversion(
      {
        company: { mode: 'create', companyId: 'co-1', sequence: 1 },
        contact: { mode: 'create', contactId: 'ct-1' },
        duplicates: [],
        settings: { company: required, contact: required },
      },
      state,
      { actor: olga, now },
    );
    expect(decision.company.events.map((e) => e.type)).toEqual(['CompanyRegistered']);
  });
});
