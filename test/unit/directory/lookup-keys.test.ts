import { describe, expect, it } from 'vitest';
import { companyDecider } from '../../../domain/directory/company.ts';
import { contactDecider } from '../../../domain/directory/contact.ts';
import { leadDecider } from '../../../domain/directory/lead.ts';
import { companyLookupKeys, contactLookupKeys, leadLookupKeys, vatLookupValue } from '../../../domain/directory/lookup-keys.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { lookupChanges } from '../../../application/shared/command-runner.ts';
import { deciderSpec } from '../../support/decider-spec.ts';

/** The values a record is found by at once (lookup items), normalised as the matchers compare them. */
const now = '2026-03-10T09:00:00.000Z';
const olga: Actor = { tenant: 'acme', userId: 'olga', role: 'standard', groups: [] };

describe('directory lookup keys', () => {
  it('a company is found by its normalised name, VAT digits, code and e-mails', () => {
    const { state } = deciderSpec(companyDecider, { actor: olga, now })
      .when({
        type: 'RegisterCompany',
        data: {
          companyId: 'c1',
          sequence: 7,
          profile: { legalName: 'Gemelli Costruzioni S.r.l.', vatNumber: 'IT01234567897', emails: [{ type: 'work', address: 'Info@Gemelli.it' }, { type: 'other', address: 'info@gemelli.it' }] },
        },
      })
      .outcome();
    expect(companyLookupKeys(state)).toEqual([
      { scope: 'company-name', value: 'gemellicostruzioni' },
      { scope: 'company-vat-number', value: '01234567897' },
      { scope: 'company-code', value: 'C000007' },
      { scope: 'company-email', value: 'info@gemelli.it' },
    ]);
    expect(companyLookupKeys(null)).toEqual([]);
  });

  it('a VAT number with or without its country meets the same digits', () => {
    expect(vatLookupValue('IT 01234567897')).toBe('01234567897');
    expect(vatLookupValue('01234567897')).toBe('01234567897');
  });

  it('a contact by its full name and e-mails; a lead by its company name and e-mails', () => {
    const contact = deciderSpec(contactDecider, { actor: olga, now })
      .when({ type: 'CreateContact', data: { contactId: 'p1', profile: { firstName: 'Zofia', lastName: 'Ąbel', emails: [{ type: 'work', address: 'zofia@abel.pl' }] } } })
      .outcome().state;
    expect(contactLookupKeys(contact)).toEqual([
      { scope: 'contact-name', value: 'zofiaabel' },
      { scope: 'contact-email', value: 'zofia@abel.pl' },
    ]);
    const lead = deciderSpec(leadDecider, { actor: olga, now })
      .when({ type: 'CreateLead', data: { leadId: 'l1', profile: { companyName: 'Alfa Kft.', firstName: 'Anna', emails: [{ type: 'work', address: 'anna@alfa.hu' }] } } })
      .outcome().state;
    expect(leadLookupKeys(lead)).toEqual([
      { scope: 'lead-name', value: 'alfa' },
      { scope: 'lead-email', value: 'anna@alfa.hu' },
    ]);
  });

  it('a change gives the new values and takes the old ones, each once', () => {
    const before = [{ scope: 'company-name', value: 'alfa' }, { scope: 'company-email', value: 'a@alfa.it' }];
    const after = [{ scope: 'company-name', value: 'beta' }, { scope: 'company-email', value: 'a@alfa.it' }, { scope: 'company-name', value: 'beta' }];
    expect(lookupChanges(before, after, 'c1')).toEqual({
      add: [{ scope: 'company-name', value: 'beta', owner: 'c1' }],
      remove: [{ scope: 'company-name', value: 'alfa', owner: 'c1' }],
    });
  });
});
