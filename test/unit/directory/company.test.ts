import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../domain/shared/actor.ts';
import { type Company, companyCode, type CompanyCommand, companyDecider, companyUniqueKeys, emptyCompanyProfile, legacyVatClaimValue } from '../../../domain/directory/company.ts';
import { canSeeOwned, isMine, type Owned } from '../../../domain/directory/company-policy.ts';
import type { CompanyEvent, CompanyProfile } from '../../../events/directory/company-events.ts';
import { deciderSpec, type GivenEvent } from '../../support/decider-spec.ts';

// ---------------------------------------------------------------------------------------------------
// Fixtures

const now = '2026-03-10T09:00:00.000Z';
const companyId = 'cmp-1';

const actor = (userId: string, role: Actor['role'] = 'standard'): Actor => ({ tenant: 'acme', userId, role, groups: [] });
const olga = actor('olga');
/** Restricted: sees only companies she is responsible for or manages, and unassigned ones. */
const rita = actor('rita', 'restricted');

const spec = deciderSpec(companyDecider, { actor: olga, now });

type Data<T extends CompanyEvent['type']> = Extract<CompanyEvent, { type: T }>['data'];
interface Meta {
  at?: string;
  actor?: string;
}

/** A stored profile (already normalised): the registration defaults unless overridden. */
const profile = (overrides: Partial<CompanyProfile> = {}): CompanyProfile => ({
  ...emptyCompanyProfile,
  legalName: 'Acme S.r.l.',
  ...overrides,
});

/** A company with every field filled, as stored. */
const fullProfile = profile({
  legalName: 'Acme S.r.l.',
  aliases: ['Acme', 'ACM Group'],
  kind: 'prospect',
  vatNumber: 'IT01234567890',
  taxCode: 'RSSMRA85T10A562S',
  addresses: [{ type: 'registered', street: 'Via Roma 1', postcode: '10121', city: 'Torino', country: 'IT' }],
  phones: [{ type: 'main', number: '+39 011 123 4567' }],
  emails: [{ type: 'work', address: 'sales@acme.it' }],
  website: 'https://acme.it/',
  categories: ['Manufacturing'],
  area: 'North',
  segments: ['SME'],
  tags: ['vip', 'Q1'],
});

// Events (used both as given and as expected events).
const registered = (data: Partial<Data<'CompanyRegistered'>> = {}, meta: Meta = {}): GivenEvent<CompanyEvent> => ({
  type: 'CompanyRegistered',
  data: {
    companyId,
    code: 'C000001',
    profile: profile(),
    responsibleUserId: null,
    accountManagers: [],
    status: null,
    ...data,
  },
  ...meta,
});
const profileChanged = (changes: Partial<CompanyProfile>, meta: Meta = {}): GivenEvent<CompanyEvent> => ({
  type: 'CompanyProfileChanged',
  data: { companyId, changes },
  ...meta,
});
const responsibleChanged = (from: string | null, to: string | null, meta: Meta = {}): GivenEvent<CompanyEvent> => ({
  type: 'CompanyResponsibleChanged',
  data: { companyId, from, to },
  ...meta,
});
const managersChanged = (added: string[], removed: string[], meta: Meta = {}): GivenEvent<CompanyEvent> => ({
  type: 'CompanyAccountManagersChanged',
  data: { companyId, added, removed },
  ...meta,
});
const statusChanged = (from: string | null, to: string | null, meta: Meta = {}): GivenEvent<CompanyEvent> => ({
  type: 'CompanyStatusChanged',
  data: { companyId, from, to },
  ...meta,
});

/** A registered company with every profile field filled. */
const full = (data: Partial<Data<'CompanyRegistered'>> = {}, meta: Meta = {}) => registered({ profile: fullProfile, ...data }, meta);

// Commands.
type RegisterData = Extract<CompanyCommand, { type: 'RegisterCompany' }>['data'];
type UpdateData = Extract<CompanyCommand, { type: 'UpdateCompany' }>['data'];
const register = (profileInput: Partial<RegisterData['profile']> = {}, data: Partial<Omit<RegisterData, 'profile'>> = {}): CompanyCommand => ({
  type: 'RegisterCompany',
  data: { companyId, sequence: 1, profile: { legalName: 'Acme S.r.l.', ...profileInput }, ...data },
});
const update = (data: UpdateData): CompanyCommand => ({ type: 'UpdateCompany', data });
const updateProfile = (profileInput: NonNullable<UpdateData['profile']>): CompanyCommand => update({ profile: profileInput });

const t = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, '0')}:00.000Z`;

// ---------------------------------------------------------------------------------------------------

describe('RegisterCompany', () => {
  it('registers a company with the code from the sequence, kind client and empty sets by default', () => {
    spec
      .when(register())
      .then([registered()])
      .andState({
        id: companyId,
        code: 'C000001',
        profile: profile(),
        responsibleUserId: null,
        accountManagers: [],
        status: null,
        createdBy: 'olga',
        createdAt: now,
        updatedAt: now,
      });
  });

  it.each([
    [1, 'C000001'],
    [42, 'C000042'],
    [999_999, 'C999999'],
    [1_000_000, 'C1000000'],
    [1_234_567, 'C1234567'],
  ])('takes the code from sequence value %i: %s', (sequence, code) => {
    expect(companyCode(sequence)).toBe(code);
    spec.when(register({}, { sequence })).then([registered({ code })]).andState({ code });
  });

  it('does not check the sequence value itself: the catalogue refuses a code that is not C + digits', () => {
    // The value comes from the per-tenant sequence (always >= 1); the schema is the guard.
    expect(() => spec.when(register({}, { sequence: -1 })).then([registered({ code: 'C0000-1' })])).toThrow(
      /violates the event catalogue/,
    );
  });

  it('registers every field, normalised: trimmed, upper-cased VAT and tax code, lower-cased e-mails, https website', () => {
    spec
      .when(
        register(
          {
            legalName: '  Acme S.r.l.\n',
            aliases: [' Acme ', 'ACM Group'],
            kind: 'prospect',
            vatNumber: ' it 012.345.678-90 ',
            taxCode: 'rss mra 85t10 a562s',
            addresses: [{ type: 'registered', street: ' Via Roma 1 ', street2: '  ', postcode: '10121', city: 'Torino ', country: 'IT' }],
            phones: [{ type: 'main', number: ' +39 011 123 4567 ' }],
            emails: [{ type: 'work', address: ' Sales@ACME.it ' }],
            website: ' Acme.IT ',
            categories: [' Manufacturing'],
            area: ' North ',
            segments: ['SME '],
            tags: ['vip', ' Q1 '],
          },
          { responsibleUserId: ' tom ', accountManagers: [' ugo', 'rita '], status: ' call back ' },
        ),
      )
      .then([full({ responsibleUserId: 'tom', accountManagers: ['ugo', 'rita'], status: 'call back' })])
      .andState({ profile: fullProfile, responsibleUserId: 'tom', accountManagers: ['ugo', 'rita'], status: 'call back' });
  });

  it.each(['client', 'prospect', 'supplier', 'competitor', 'partner'] as const)('registers a company of kind %s', (kind) => {
    spec.when(register({ kind })).then([registered({ profile: profile({ kind }) })]);
  });

  it('keeps the first spelling of labels that are equal case-insensitively (after trimming)', () => {
    spec
      .when(
        register(
          {
            aliases: ['Acme', 'ACME', ' acme ', 'Acme Group', 'ACME group'],
            categories: ['Food', 'food', 'FOOD'],
            segments: ['SME', 'sme'],
            tags: ['Vip', 'vip', 'VIP', 'new'],
          },
          { accountManagers: ['tom', 'TOM', ' tom '] },
        ),
      )
      .then([
        registered({
          profile: profile({ aliases: ['Acme', 'Acme Group'], categories: ['Food'], segments: ['SME'], tags: ['Vip', 'new'] }),
          accountManagers: ['tom'],
        }),
      ]);
  });

  it('folds case beyond ASCII when deduplicating labels', () => {
    spec.when(register({ aliases: ['Élan', 'élan', 'ÉLAN'] })).then([registered({ profile: profile({ aliases: ['Élan'] }) })]);
  });

  it('accepts set changes ({ add, remove }) for the set fields at registration too', () => {
    spec
      .when(register({ aliases: { add: ['Acme', 'acme'], remove: ['x'] }, tags: { remove: ['vip'] } }))
      .then([registered({ profile: profile({ aliases: ['Acme'] }) })]);
  });

  it('stores blank optional fields as null', () => {
    spec
      .when(register({ vatNumber: '  ', taxCode: '', website: ' ', area: '\t' }, { responsibleUserId: '  ', status: '' }))
      .then([registered()]);
    spec.when(register({ vatNumber: null, taxCode: null, website: null, area: null }, { responsibleUserId: null, status: null })).then([registered()]);
  });

  it('drops blank address fields and keeps the address type', () => {
    spec
      .when(register({ addresses: [{ type: 'billing', street: ' ', city: ' Milano ' }, { type: 'other' }] }))
      .then([registered({ profile: profile({ addresses: [{ type: 'billing', city: 'Milano' }, { type: 'other' }] }) })]);
  });

  it('stores the address country as its ISO code, given as a code or a name in it/en/pl/hu', () => {
    for (const country of ['IT', 'it', 'Italia', 'Italy', 'Włochy', 'wlochy', 'Olaszország', ' ITALIA ']) {
      spec.when(register({ addresses: [{ type: 'registered', country }] })).then([registered({ profile: profile({ addresses: [{ type: 'registered', country: 'IT' }] }) })]);
    }
  });

  it("reads a bare VAT number of a company with no address country in the tenant's default country", () => {
    const italian = { catalogues: {}, customFields: [], defaultCountry: 'IT' };
    spec.when(register({ vatNumber: '01234567890' }, { settings: italian })).then([registered({ profile: profile({ vatNumber: 'IT01234567890' }) })]);
    // An address country decides instead; a prefix is kept; a number that is not the country's stays bare.
    spec
      .when(register({ vatNumber: '1234567890', addresses: [{ type: 'registered', country: 'Polska' }] }, { settings: italian }))
      .then([registered({ profile: profile({ vatNumber: '1234567890', addresses: [{ type: 'registered', country: 'PL' }] }) })]);
    spec.when(register({ vatNumber: 'HU12345678' }, { settings: italian })).then([registered({ profile: profile({ vatNumber: 'HU12345678' }) })]);
    const hungarian = { catalogues: {}, customFields: [], defaultCountry: 'HU' };
    spec.when(register({ vatNumber: '12345678-2-08' }, { settings: hungarian })).then([registered({ profile: profile({ vatNumber: '12345678208' }) })]);
    spec.when(register({ vatNumber: '12345678' }, { settings: hungarian })).then([registered({ profile: profile({ vatNumber: 'HU12345678' }) })]);
    // On an update only a VAT number given is read so; others are left as they are.
    spec.given([registered({ profile: profile({ vatNumber: '01234567890' }) })]).when(update({ profile: { tags: ['x'] }, settings: italian })).then([
      { type: 'CompanyProfileChanged', data: { companyId, changes: { tags: ['x'] } } },
    ]);
    spec.given([registered()]).when(update({ profile: { vatNumber: '01234567890' }, settings: italian })).then([
      { type: 'CompanyProfileChanged', data: { companyId, changes: { vatNumber: 'IT01234567890' } } },
    ]);
  });

  it('refuses a country it cannot read, with its path', () => {
    spec
      .when(register({ addresses: [{ type: 'billing' }, { type: 'registered', country: 'Narnia' }] }))
      .thenThrows('invalid', { path: 'addresses.1.country', message: /ISO 3166/ });
    spec.when(register({ addresses: [{ type: 'registered', country: 'XX' }] })).thenThrows('invalid', { path: 'addresses.0.country' });
  });

  it('claims a bare number with an address in "Italia" as the Italian number', () => {
    const bare = spec.when(register({ vatNumber: '01234567890', addresses: [{ type: 'registered', country: 'Italia' }] })).outcome().state;
    const prefixed = spec.when(register({ vatNumber: 'IT01234567890' })).outcome().state;
    expect(companyUniqueKeys(bare)).toEqual(companyUniqueKeys(prefixed));
  });

  describe('refusals', () => {
    it.each([
      ['empty', ''],
      ['whitespace', ' \t\n '],
    ])('refuses a blank legal name (%s)', (_, legalName) => {
      spec.when(register({ legalName })).thenThrows('invalid', { path: 'legalName', message: 'must not be blank' });
    });

    it('accepts a legal name of 200 characters (after trimming) and refuses 201', () => {
      spec.when(register({ legalName: ` ${'a'.repeat(200)} ` })).then([registered({ profile: profile({ legalName: 'a'.repeat(200) }) })]);
      spec.when(register({ legalName: 'a'.repeat(201) })).thenThrows('invalid', { path: 'legalName', message: 'at most 200' });
    });

    it.each(['not-an-email', 'sales@acme', 'sa les@acme.it', 'sales@@acme.it', 'sales@acme..it', '@acme.it', 'sales@.it', 'sales@acme.it.'])(
      'refuses the e-mail %j with the path of its address',
      (address) => {
        const error = spec
          .when(register({ emails: [{ type: 'work', address: 'ok@acme.it' }, { type: 'billing', address }] }))
          .thenThrows('invalid', { path: 'emails.1.address', message: 'is not an e-mail address' });
        expect(error.issues).toEqual([{ path: 'emails.1.address', message: 'is not an e-mail address' }]);
      },
    );

    it.each(['1234', '1234567890123456', 'abc12345', '39+011 1234', '++39 011 1234', '011 123 4567 ext. 5', ''])(
      'refuses the phone number %j with the path of its number',
      (number) => {
        spec
          .when(register({ phones: [{ type: 'main', number }] }))
          .thenThrows('invalid', { path: 'phones.0.number', message: 'is not a phone number' });
      },
    );

    it.each([
      ['IT', 'IT0123456789', 'is not a valid IT VAT number'],
      ['IT', 'IT012345678901', 'is not a valid IT VAT number'],
      ['IT', 'IT0123456789A', 'is not a valid IT VAT number'],
      ['PL', 'PL123456789', 'is not a valid PL VAT number'],
      ['HU', 'HU1234567', 'is not a valid HU VAT number'],
      ['HU', 'HU12345678-1-42', 'is not a valid HU VAT number'],
      ['any', 'AB1', 'is not a VAT number'],
      ['any', 'DE12345678901234567', 'is not a VAT number'],
      ['any', 'IT_01234567890', 'is not a VAT number'],
    ])('refuses the %s VAT number %s', (_, vatNumber, message) => {
      spec.when(register({ vatNumber })).thenThrows('invalid', { path: 'vatNumber', message });
    });

    it.each([
      ['IT', 'IT 01234567890', 'IT01234567890'],
      ['PL', 'pl 123-456-78-90', 'PL1234567890'],
      ['HU', 'HU 1234 5678', 'HU12345678'],
      ['another country (no length check)', 'DE 123 456 789', 'DE123456789'],
      ['no prefix (kept as given)', '0123.4567.890', '01234567890'],
    ])('accepts a VAT number of %s in its canonical form', (_, vatNumber, stored) => {
      spec.when(register({ vatNumber })).then([registered({ profile: profile({ vatNumber: stored }) })]);
    });

    it.each(['AB12', 'RSS_MRA', 'A'.repeat(21)])('refuses the tax code %j', (taxCode) => {
      spec.when(register({ taxCode })).thenThrows('invalid', { path: 'taxCode', message: 'is not a tax code' });
    });

    it.each(['localhost', 'not a website', 'http://', 'ftp://acme.it', 'javascript:alert(1)'])('refuses the website %j', (website) => {
      spec.when(register({ website })).thenThrows('invalid', { path: 'website', message: 'is not a web address' });
    });

    it('refuses a blank alias, tag, category or segment with its index', () => {
      spec.when(register({ aliases: ['Acme', '  '] })).thenThrows('invalid', { path: 'aliases.1', message: 'must not be blank' });
      spec.when(register({ tags: [''] })).thenThrows('invalid', { path: 'tags.0', message: 'must not be blank' });
      spec.when(register({ categories: ['a', 'b', ' '] })).thenThrows('invalid', { path: 'categories.2' });
      spec.when(register({ segments: [' '] })).thenThrows('invalid', { path: 'segments.0' });
    });

    it.each([
      ['aliases', 200],
      ['categories', 100],
      ['segments', 100],
      ['tags', 50],
    ] as const)('refuses a label of %s longer than %i characters', (fieldName, max) => {
      spec.when(register({ [fieldName]: ['x'.repeat(max)] })).outcome();
      spec.when(register({ [fieldName]: ['ok', 'x'.repeat(max + 1)] })).thenThrows('invalid', {
        path: `${fieldName}.1`,
        message: `at most ${max} characters`,
      });
    });

    it.each([
      ['aliases', 20],
      ['categories', 50],
      ['segments', 50],
      ['tags', 50],
    ] as const)('refuses more than the allowed number of %s (%i), counted after deduplication', (fieldName, max) => {
      const many = (n: number) => Array.from({ length: n }, (_, i) => `label ${i}`);
      spec.when(register({ [fieldName]: [...many(max), 'LABEL 0'] })).outcome();
      spec.when(register({ [fieldName]: many(max + 1) })).thenThrows('invalid', { path: fieldName, message: `at most ${max} entries` });
    });

    it('refuses blank, too long or too many account managers', () => {
      spec.when(register({}, { accountManagers: ['tom', ''] })).thenThrows('invalid', { path: 'accountManagers.1' });
      spec.when(register({}, { accountManagers: ['u'.repeat(101)] })).thenThrows('invalid', { path: 'accountManagers.0', message: 'at most 100' });
      const managers = Array.from({ length: 21 }, (_, i) => `user-${i}`);
      spec.when(register({}, { accountManagers: managers })).thenThrows('invalid', { path: 'accountManagers', message: 'at most 20 entries' });
    });

    it('refuses a too long responsible user, status, area or address field', () => {
      spec.when(register({}, { responsibleUserId: 'u'.repeat(101) })).thenThrows('invalid', { path: 'responsibleUserId', message: 'at most 100' });
      spec.when(register({}, { status: 's'.repeat(101) })).thenThrows('invalid', { path: 'status', message: 'at most 100' });
      spec.when(register({ area: 'a'.repeat(101) })).thenThrows('invalid', { path: 'area', message: 'at most 100' });
      spec
        .when(register({ addresses: [{ type: 'office' }, { type: 'office', city: 'c'.repeat(201) }] }))
        .thenThrows('invalid', { path: 'addresses.1.city', message: 'at most 200' });
    });

    it('refuses to register a company twice', () => {
      spec.given([registered()]).when(register()).thenThrows('conflict', 'company already exists');
      spec
        .given([registered(), profileChanged({ legalName: 'Other' }), statusChanged(null, 'lost')])
        .when(register({ legalName: 'Other' }, { sequence: 2 }))
        .thenThrows('conflict', 'company already exists');
    });

    it('answers conflict (not not_found) to a restricted user registering over a company she cannot see', () => {
      spec.as(rita).given([registered({ responsibleUserId: 'tom' })]).when(register()).thenThrows('conflict');
    });
  });

  it('lets a restricted user register a company owned by someone else (it is then invisible to her)', () => {
    spec
      .as(rita)
      .when(register({}, { responsibleUserId: 'tom' }))
      .then([registered({ responsibleUserId: 'tom' })])
      .andState({ createdBy: 'rita' });
    spec.as(rita).given([registered({ responsibleUserId: 'tom' }, { actor: 'rita' })]).when(update({ status: 'x' })).thenThrows('not_found');
  });
});

describe('UpdateCompany', () => {
  it('refuses a company that does not exist', () => {
    spec.when(updateProfile({ legalName: 'Acme' })).thenThrows('not_found', 'company not found');
    spec.when(update({})).thenThrows('not_found', 'company not found');
  });

  describe('profile', () => {
    it('records only the fields that changed, with their normalised values', () => {
      spec
        .given([full()])
        .when(
          updateProfile({
            legalName: ' Acme Italia S.r.l. ',
            website: 'https://acme.it', // the same once normalised
            vatNumber: 'IT 0123 4567 890', // the same once normalised
            emails: [{ type: 'work', address: 'SALES@acme.IT' }], // the same once normalised
            area: 'South',
            kind: 'client',
          }),
        )
        .then([profileChanged({ legalName: 'Acme Italia S.r.l.', kind: 'client', area: 'South' })])
        .andState({ profile: { ...fullProfile, legalName: 'Acme Italia S.r.l.', kind: 'client', area: 'South' }, updatedAt: now });
    });

    it('records nothing when nothing changes', () => {
      spec.given([full()]).when(update({})).thenNothing();
      spec.given([full()]).when(updateProfile({})).thenNothing();
      spec
        .given([full({ responsibleUserId: 'tom', accountManagers: ['ugo'], status: 'call back' })])
        .when(
          update({
            profile: {
              ...fullProfile,
              legalName: ' Acme S.r.l. ',
              vatNumber: 'it01234567890',
              taxCode: 'rssmra85t10a562s',
              website: 'acme.it',
              aliases: { add: ['ACME'], remove: ['not there'] },
              tags: [' vip', 'Q1 ', 'VIP'],
            },
            responsibleUserId: ' tom ',
            accountManagers: ['ugo'],
            status: 'call back ',
          }),
        )
        .thenNothing()
        .andState({ updatedAt: '2026-03-10T08:59:00.000Z' }); // the registration's time: no event, no touch
    });

    it('records nothing for an address given again with the same values (same key order)', () => {
      spec
        .given([full()])
        .when(updateProfile({ addresses: [{ type: 'registered', street: ' Via Roma 1', postcode: '10121', city: 'Torino', country: 'IT' }] }))
        .thenNothing();
    });
    // same values but its fields in another order counts as a change. The HTTP body schema happens to
    // reorder address fields, but any other caller (bulk import, a future command) records a spurious
    // CompanyProfileChanged. Remove `.fails` once the comparison ignores key order.
    it('records nothing for an address given again with its fields in another order', () => {
      spec
        .given([full()])
        .when(updateProfile({ addresses: [{ country: 'IT', city: 'Torino', postcode: '10121', street: 'Via Roma 1', type: 'registered' }] }))
        .thenNothing();
    });

    it('replaces every profile field', () => {
      const changes: Partial<CompanyProfile> = {
        legalName: 'Beta S.p.A.',
        aliases: ['Beta'],
        kind: 'supplier',
        vatNumber: 'PL1234567890',
        taxCode: '1234567890',
        addresses: [{ type: 'office', city: 'Kraków', country: 'PL' }],
        phones: [{ type: 'mobile', number: '+48 600 100 200' }],
        emails: [{ type: 'support', address: 'help@beta.pl' }],
        website: 'https://beta.pl/',
        categories: ['Retail'],
        area: 'East',
        segments: ['Enterprise'],
        tags: ['new'],
      };
      spec
        .given([full()])
        .when(updateProfile(changes))
        .then([profileChanged(changes)])
        .andState({ profile: changes as CompanyProfile });
    });

    it.each(['vatNumber', 'taxCode', 'website', 'area'] as const)('clears %s with null or a blank value', (fieldName) => {
      spec.given([full()]).when(updateProfile({ [fieldName]: null })).then([profileChanged({ [fieldName]: null })]).andState({
        profile: { [fieldName]: null },
      });
      spec.given([full()]).when(updateProfile({ [fieldName]: '  ' })).then([profileChanged({ [fieldName]: null })]);
      spec.given([registered()]).when(updateProfile({ [fieldName]: null })).thenNothing();
    });

    it('clears the lists given as empty arrays', () => {
      spec
        .given([full()])
        .when(updateProfile({ addresses: [], phones: [], emails: [], aliases: [], tags: [] }))
        .then([profileChanged({ aliases: [], addresses: [], phones: [], emails: [], tags: [] })]);
    });

    it('refuses an invalid field with its path, and a blank legal name', () => {
      spec
        .given([full()])
        .when(updateProfile({ emails: [{ type: 'work', address: 'sales@acme.it' }, { type: 'other', address: 'nope' }] }))
        .thenThrows('invalid', { path: 'emails.1.address' });
      spec.given([full()]).when(updateProfile({ phones: [{ type: 'main', number: '12' }] })).thenThrows('invalid', { path: 'phones.0.number' });
      spec.given([full()]).when(updateProfile({ vatNumber: 'HU123' })).thenThrows('invalid', { path: 'vatNumber', message: 'HU' });
      spec.given([full()]).when(updateProfile({ website: 'intranet' })).thenThrows('invalid', { path: 'website' });
      spec.given([full()]).when(updateProfile({ legalName: ' ' })).thenThrows('invalid', { path: 'legalName', message: 'must not be blank' });
    });
  });

  describe('set fields', () => {
    const sets = [
      ['aliases', ['Acme', 'ACM Group']],
      ['categories', ['Manufacturing']],
      ['segments', ['SME']],
      ['tags', ['vip', 'Q1']],
    ] as const;

    it.each(sets)('adds to %s, after the current values', (fieldName, current) => {
      spec
        .given([full()])
        .when(updateProfile({ [fieldName]: { add: ['Extra', ' More '] } }))
        .then([profileChanged({ [fieldName]: [...current, 'Extra', 'More'] })])
        .andState({ profile: { [fieldName]: [...current, 'Extra', 'More'] } });
    });

    it.each(sets)('removes from %s case-insensitively, ignoring surrounding spaces', (fieldName, current) => {
      const [first, ...rest] = current;
      spec
        .given([full()])
        .when(updateProfile({ [fieldName]: { remove: [` ${first.toUpperCase()} `] } }))
        .then([profileChanged({ [fieldName]: rest })]);
    });

    it.each(sets)('replaces %s when given a whole array', (fieldName) => {
      spec
        .given([full()])
        .when(updateProfile({ [fieldName]: ['One', ' Two', 'one'] }))
        .then([profileChanged({ [fieldName]: ['One', 'Two'] })]);
    });

    it('records nothing when an added label is already there (in any case) or a removed one is not', () => {
      spec.given([full()]).when(updateProfile({ aliases: { add: ['acme', ' ACM GROUP '] } })).thenNothing();
      spec.given([full()]).when(updateProfile({ tags: { remove: ['gold'] } })).thenNothing();
      spec.given([full()]).when(updateProfile({ tags: { add: [], remove: [] } })).thenNothing();
      spec.given([full()]).when(updateProfile({ tags: {} })).thenNothing();
    });

    it('removes first, then adds: removing and adding the same label moves it to the end with the new spelling', () => {
      spec
        .given([full()])
        .when(updateProfile({ aliases: { remove: ['acme'], add: ['ACME', 'Acme Italia'] } }))
        .then([profileChanged({ aliases: ['ACM Group', 'ACME', 'Acme Italia'] })]);
    });

    it('removes every spelling of a label that differs only in case', () => {
      spec
        .given([registered({ profile: profile({ tags: ['vip', 'gold'] }) })])
        .when(updateProfile({ tags: { remove: ['VIP', 'Gold'] } }))
        .then([profileChanged({ tags: [] })]);
    });

    it('refuses a set change that would exceed the limit', () => {
      const twenty = Array.from({ length: 20 }, (_, i) => `alias ${i}`);
      spec
        .given([registered({ profile: profile({ aliases: twenty }) })])
        .when(updateProfile({ aliases: { add: ['one more'] } }))
        .thenThrows('invalid', { path: 'aliases', message: 'at most 20 entries' });
      spec
        .given([registered({ profile: profile({ aliases: twenty }) })])
        .when(updateProfile({ aliases: { add: ['one more'], remove: ['ALIAS 0'] } }))
        .then([profileChanged({ aliases: [...twenty.slice(1), 'one more'] })]);
    });

    it('refuses a blank added label (the path indexes the resulting set)', () => {
      spec
        .given([full()])
        .when(updateProfile({ aliases: { add: ['  '] } }))
        .thenThrows('invalid', { path: 'aliases.2', message: 'must not be blank' });
    });
  });

  describe('responsible user', () => {
    it.each([
      ['nobody to a user', null, 'tom', 'tom'],
      ['a user to another', 'tom', ' ugo ', 'ugo'],
      ['a user to nobody (null)', 'tom', null, null],
      ['a user to nobody (blank)', 'tom', '  ', null],
    ])('changes from %s', (_, from, given, to) => {
      spec
        .given([registered({ responsibleUserId: from })])
        .when(update({ responsibleUserId: given }))
        .then([responsibleChanged(from, to)])
        .andState({ responsibleUserId: to, updatedAt: now });
    });

    it('records nothing when the responsible user stays the same', () => {
      spec.given([registered({ responsibleUserId: 'tom' })]).when(update({ responsibleUserId: ' tom ' })).thenNothing();
      spec.given([registered()]).when(update({ responsibleUserId: null })).thenNothing();
      spec.given([registered()]).when(update({ responsibleUserId: '' })).thenNothing();
    });

    it('refuses a too long user id', () => {
      spec.given([registered()]).when(update({ responsibleUserId: 'u'.repeat(101) })).thenThrows('invalid', { path: 'responsibleUserId' });
    });
  });

  describe('account managers', () => {
    it('adds account managers', () => {
      spec
        .given([registered({ accountManagers: ['tom'] })])
        .when(update({ accountManagers: { add: ['ugo', ' rita ', 'TOM'] } }))
        .then([managersChanged(['ugo', 'rita'], [])])
        .andState({ accountManagers: ['tom', 'ugo', 'rita'], updatedAt: now });
    });

    it('removes account managers (case-insensitively)', () => {
      spec
        .given([registered({ accountManagers: ['tom', 'ugo', 'rita'] })])
        .when(update({ accountManagers: { remove: ['UGO', 'nobody'] } }))
        .then([managersChanged([], ['ugo'])])
        .andState({ accountManagers: ['tom', 'rita'] });
    });

    it('adds and removes in one change', () => {
      spec
        .given([registered({ accountManagers: ['tom', 'ugo'] })])
        .when(update({ accountManagers: { add: ['rita'], remove: ['tom'] } }))
        .then([managersChanged(['rita'], ['tom'])])
        .andState({ accountManagers: ['ugo', 'rita'] });
    });

    it('replaces the account managers given as a whole array: the difference is recorded', () => {
      spec
        .given([registered({ accountManagers: ['tom', 'ugo'] })])
        .when(update({ accountManagers: ['ugo', 'rita', 'rita'] }))
        .then([managersChanged(['rita'], ['tom'])])
        .andState({ accountManagers: ['ugo', 'rita'] });
      spec
        .given([registered({ accountManagers: ['tom', 'ugo'] })])
        .when(update({ accountManagers: [] }))
        .then([managersChanged([], ['tom', 'ugo'])])
        .andState({ accountManagers: [] });
    });

    it('records nothing when the set stays the same (in another order too)', () => {
      spec.given([registered({ accountManagers: ['tom', 'ugo'] })]).when(update({ accountManagers: ['ugo', 'tom'] })).thenNothing();
      spec.given([registered({ accountManagers: ['tom'] })]).when(update({ accountManagers: { add: ['tom'], remove: ['ugo'] } })).thenNothing();
    });

    it('refuses more than 20 account managers and blank ones', () => {
      const twenty = Array.from({ length: 20 }, (_, i) => `user-${i}`);
      spec
        .given([registered({ accountManagers: twenty })])
        .when(update({ accountManagers: { add: ['one-more'] } }))
        .thenThrows('invalid', { path: 'accountManagers', message: 'at most 20 entries' });
      spec.given([registered()]).when(update({ accountManagers: { add: [' '] } })).thenThrows('invalid', { path: 'accountManagers.0' });
    });
  });

  describe('status', () => {
    it.each([
      [null, 'call back', 'call back'],
      ['call back', ' send offer ', 'send offer'],
      ['send offer', null, null],
      ['send offer', '', null],
    ])('changes the status from %j to %j', (from, given, to) => {
      spec
        .given([registered({ status: from })])
        .when(update({ status: given }))
        .then([statusChanged(from, to)])
        .andState({ status: to, updatedAt: now });
    });

    it('records nothing when the status stays the same', () => {
      spec.given([registered({ status: 'call back' })]).when(update({ status: 'call back' })).thenNothing();
      spec.given([registered()]).when(update({ status: null })).thenNothing();
    });

    it('refuses a too long status', () => {
      spec.given([registered()]).when(update({ status: 's'.repeat(101) })).thenThrows('invalid', { path: 'status', message: 'at most 100' });
    });
  });

  it('records a mixed update in the order profile, responsible, account managers, status', () => {
    spec
      .given([full({ responsibleUserId: 'tom', accountManagers: ['ugo'], status: 'call back' })])
      .when(
        update({
          status: 'won',
          accountManagers: { add: ['rita'] },
          responsibleUserId: 'ugo',
          profile: { tags: { add: ['gold'] }, legalName: 'Acme Holding S.r.l.' },
        }),
      )
      .then([
        profileChanged({ legalName: 'Acme Holding S.r.l.', tags: ['vip', 'Q1', 'gold'] }),
        responsibleChanged('tom', 'ugo'),
        managersChanged(['rita'], []),
        statusChanged('call back', 'won'),
      ])
      .andState({
        profile: { ...fullProfile, legalName: 'Acme Holding S.r.l.', tags: ['vip', 'Q1', 'gold'] },
        responsibleUserId: 'ugo',
        accountManagers: ['ugo', 'rita'],
        status: 'won',
        updatedAt: now,
      });
  });

  it('records only the parts of a mixed update that change', () => {
    spec
      .given([full({ responsibleUserId: 'tom', status: 'call back' })])
      .when(update({ profile: { legalName: 'Acme S.r.l.' }, responsibleUserId: 'tom', accountManagers: ['rita'], status: 'call back' }))
      .then([managersChanged(['rita'], [])]);
  });

  it('refuses the whole update when one part is invalid', () => {
    spec
      .given([full()])
      .when(update({ profile: { legalName: 'Fine' }, responsibleUserId: 'tom', status: 's'.repeat(101) }))
      .thenThrows('invalid', { path: 'status' });
  });

  describe('restricted users', () => {
    const ritaSpec = spec.as(rita);

    it.each([
      ['has another responsible user', { responsibleUserId: 'tom' }],
      ['has other account managers', { accountManagers: ['tom', 'ugo'] }],
      ['is owned by others on both counts', { responsibleUserId: 'tom', accountManagers: ['ugo'] }],
    ])('answers not_found for a company that %s', (_, ownership) => {
      ritaSpec.given([registered(ownership)]).when(update({ status: 'won' })).thenThrows('not_found', 'company not found');
      // Visibility comes first: an invalid command does not reveal that the company exists.
      ritaSpec.given([registered(ownership)]).when(updateProfile({ legalName: '' })).thenThrows('not_found');
      ritaSpec.given([registered(ownership)]).when(update({})).thenThrows('not_found');
    });

    it.each([
      ['she is responsible for', { responsibleUserId: 'rita' }],
      ['she manages', { responsibleUserId: 'tom', accountManagers: ['ugo', 'rita'] }],
      ['is unassigned', {}],
    ])('updates a company %s', (_, ownership) => {
      ritaSpec.given([registered(ownership)]).when(update({ status: 'won' })).then([statusChanged(null, 'won')]);
      ritaSpec.given([registered(ownership)]).when(update({})).thenNothing();
    });

    it('sees a company that becomes unassigned, and loses one that is assigned to someone else', () => {
      ritaSpec
        .given([registered({ responsibleUserId: 'tom' }), responsibleChanged('tom', null)])
        .when(update({ status: 'won' }))
        .then([statusChanged(null, 'won')]);
      ritaSpec
        .given([registered(), managersChanged(['tom'], [])])
        .when(update({ status: 'won' }))
        .thenThrows('not_found');
      ritaSpec
        .given([registered({ accountManagers: ['rita'] }), managersChanged([], ['rita']), responsibleChanged(null, 'tom')])
        .when(update({ status: 'won' }))
        .thenThrows('not_found');
    });

    it.each(['standard', 'manager', 'admin'] as const)('lets a %s user update a company owned by someone else', (role) => {
      spec
        .as(actor('vera', role))
        .given([registered({ responsibleUserId: 'tom', accountManagers: ['ugo'] })])
        .when(update({ status: 'won' }))
        .then([statusChanged(null, 'won')]);
    });
  });
});

describe('evolve', () => {
  it('folds a history: the registration sets creator and dates, each later event moves updatedAt', () => {
    const history = [
      full({}, { at: t(1), actor: 'olga' }),
      profileChanged({ legalName: 'Acme Italia S.r.l.', tags: ['vip'] }, { at: t(2), actor: 'tom' }),
      responsibleChanged(null, 'tom', { at: t(3) }),
      managersChanged(['ugo', 'vera'], [], { at: t(4) }),
      managersChanged(['rita'], ['ugo'], { at: t(5) }),
      statusChanged(null, 'call back', { at: t(6), actor: 'rita' }),
    ];
    spec.given(history).thenState((state) => {
      expect(state).toStrictEqual({
        id: companyId,
        code: 'C000001',
        profile: { ...fullProfile, legalName: 'Acme Italia S.r.l.', tags: ['vip'] },
        responsibleUserId: 'tom',
        accountManagers: ['vera', 'rita'],
        status: 'call back',
        customFields: {},
        noteCount: 0,
        createdBy: 'olga',
        createdAt: t(1),
        updatedAt: t(6),
      } satisfies Company);
    });
  });

  it('moves updatedAt with every kind of event, step by step', () => {
    const steps = [
      registered({}, { at: t(1) }),
      profileChanged({ area: 'North' }, { at: t(2) }),
      responsibleChanged(null, 'tom', { at: t(3) }),
      managersChanged(['ugo'], [], { at: t(4) }),
      statusChanged(null, 'won', { at: t(5) }),
    ];
    steps.forEach((_, i) => spec.given(steps.slice(0, i + 1)).thenState({ createdAt: t(1), updatedAt: t(i + 1) }));
  });

  it('merges profile changes: fields not in the change are kept', () => {
    spec
      .given([full(), profileChanged({ website: null }), profileChanged({ aliases: ['Only'] })])
      .thenState({ profile: { ...fullProfile, website: null, aliases: ['Only'] } });
  });

  it('takes the creator from the registration event', () => {
    spec.given([registered({}, { actor: 'tom' }), statusChanged(null, 'x', { actor: 'olga' })]).thenState({ createdBy: 'tom' });
  });

  it('ignores events of a company that was never registered', () => {
    spec.given([]).thenState(null);
    spec.given([profileChanged({ legalName: 'x' }), responsibleChanged(null, 'tom'), managersChanged(['tom'], []), statusChanged(null, 'x')]).thenState(null);
  });

  it('keeps the fold pure: the given history is not mutated', () => {
    const history = [registered({ accountManagers: ['tom'] }), managersChanged(['ugo'], ['tom'])];
    const before = JSON.stringify(history);
    spec.given(history).thenState({ accountManagers: ['ugo'] });
    expect(JSON.stringify(history)).toBe(before);
  });
});

describe('companyUniqueKeys', () => {
  const company = (overrides: Partial<CompanyProfile>) => spec.given([registered({ profile: profile(overrides) })]).state();

  it('has none for no company, or a company without VAT number and tax code', () => {
    expect(companyUniqueKeys(null)).toEqual([]);
    expect(companyUniqueKeys(company({}))).toEqual([]);
  });

  it('claims the VAT number as country and number', () => {
    expect(companyUniqueKeys(company({ vatNumber: 'IT01234567890' }))).toEqual([{ scope: 'company-vat', value: 'IT:01234567890' }]);
    expect(companyUniqueKeys(company({ vatNumber: 'PL1234567890' }))).toEqual([{ scope: 'company-vat', value: 'PL:1234567890' }]);
  });

  it('takes the country of a bare number from the first address that has one, else claims it without country', () => {
    const italian = company({ vatNumber: '01234567890', addresses: [{ type: 'office' }, { type: 'registered', country: 'it' }] });
    expect(companyUniqueKeys(italian)).toEqual(companyUniqueKeys(company({ vatNumber: 'IT01234567890' })));
    expect(companyUniqueKeys(company({ vatNumber: '01234567890' }))).toEqual([{ scope: 'company-vat', value: ':01234567890' }]);
    expect(companyUniqueKeys(company({ vatNumber: '01234567890', addresses: [{ type: 'office', country: 'Italia' }] }))).toEqual([
      { scope: 'company-vat', value: ':01234567890' },
    ]);
  });

  it('treats a prefix that is not followed by a digit as part of the number', () => {
    expect(companyUniqueKeys(company({ vatNumber: 'ATU12345678' }))).toEqual([{ scope: 'company-vat', value: ':ATU12345678' }]);
  });

  it('keeps the same digits of two countries apart (DK12345678 and HU12345678 are two numbers)', () => {
    expect(companyUniqueKeys(company({ vatNumber: 'DK12345678' }))).not.toEqual(companyUniqueKeys(company({ vatNumber: 'HU12345678' })));
    expect(legacyVatClaimValue('DK12345678')).toBe(legacyVatClaimValue('HU12345678'));
  });

  it('claims the tax code as stored', () => {
    expect(companyUniqueKeys(company({ taxCode: 'RSSMRA85T10A562S' }))).toEqual([{ scope: 'company-tax-code', value: 'RSSMRA85T10A562S' }]);
  });

  it('claims both, VAT first', () => {
    expect(companyUniqueKeys(company({ vatNumber: 'HU12345678', taxCode: '12345678142' }))).toEqual([
      { scope: 'company-vat', value: 'HU:12345678' },
      { scope: 'company-tax-code', value: '12345678142' },
    ]);
  });

  it('uses the normalised value the decider stores (spaces and case do not make a new key)', () => {
    const state = spec.when(register({ vatNumber: 'it 0123 4567 890', taxCode: 'rss-mra-85t10-a562s' })).outcome().state;
    expect(companyUniqueKeys(state)).toEqual([
      { scope: 'company-vat', value: 'IT:01234567890' },
      { scope: 'company-tax-code', value: 'RSSMRA85T10A562S' },
    ]);
  });

  it('follows the state: a cleared VAT number releases its key', () => {
    const state = spec.given([full()]).when(updateProfile({ vatNumber: null })).outcome().state;
    expect(companyUniqueKeys(state)).toEqual([{ scope: 'company-tax-code', value: 'RSSMRA85T10A562S' }]);
  });
});

describe('company policy', () => {
  const owned = (responsibleUserId: string | null, accountManagers: string[] = []): Owned => ({ responsibleUserId, accountManagers });
  const roles = ['admin', 'manager', 'standard', 'restricted'] as const;

  describe.each(roles)('for a %s user', (role) => {
    const me = actor('me', role);

    it('isMine: responsible or account manager, whatever the role', () => {
      expect(isMine(me, owned('me'))).toBe(true);
      expect(isMine(me, owned('tom', ['ugo', 'me']))).toBe(true);
      expect(isMine(me, owned('me', ['me']))).toBe(true);
      expect(isMine(me, owned('tom', ['ugo']))).toBe(false);
      expect(isMine(me, owned(null))).toBe(false);
      expect(isMine(me, owned('ME', ['Me']))).toBe(false); // user ids are compared exactly
    });

    it(role === 'restricted' ? 'canSeeOwned: only mine and unassigned' : 'canSeeOwned: every record', () => {
      const restricted = role === 'restricted';
      expect(canSeeOwned(me, owned('me'))).toBe(true);
      expect(canSeeOwned(me, owned('tom', ['me']))).toBe(true);
      expect(canSeeOwned(me, owned(null))).toBe(true);
      expect(canSeeOwned(me, owned('tom'))).toBe(!restricted);
      expect(canSeeOwned(me, owned(null, ['tom']))).toBe(!restricted);
      expect(canSeeOwned(me, owned('tom', ['ugo']))).toBe(!restricted);
    });
  });
});
