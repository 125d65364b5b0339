import { describe, expect, it } from 'vitest';
import type { Company } from '../../../domain/directory/company.ts';
import { contactDecider, recentLimit, type ContactCommand } from '../../../domain/directory/contact.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { ContactEvent, ContactProfile } from '../../../events/directory/contact-events.ts';
import { companyFixture } from '../../support/company-fixture.ts';
import { deciderSpec, type GivenEvent } from '../../support/decider-spec.ts';

// ---------------------------------------------------------------------------------------------------
// Fixtures

const now = '2026-03-10T09:00:00.000Z';
const contactId = 'ct-1';

const actor = (userId: string, role: Actor['role'] = 'standard'): Actor => ({ tenant: 'acme', userId, role, groups: [] });
const olga = actor('olga');
/** Restricted: sees contacts she manages and unmanaged ones; companies she is responsible for or manages, and unassigned ones. */
const rita = actor('rita', 'restricted');

const spec = deciderSpec(contactDecider, { actor: olga, now });

const profile = (data: Partial<ContactProfile> = {}): ContactProfile => ({
  firstName: 'Jan',
  lastName: 'Kowalski',
  position: null,
  stage: null,
  source: null,
  emails: [],
  phones: [],
  address: null,
  tags: [],
  avatarKey: null,
  ...data,
});

type Data<T extends ContactEvent['type']> = Extract<ContactEvent, { type: T }>['data'];

const created = (data: Partial<Data<'ContactCreated'>> = {}): GivenEvent<ContactEvent> => ({
  type: 'ContactCreated',
  data: { contactId, profile: profile(), companyId: null, accountManagers: [], ...data },
});
const linked = (companyId: string, previousCompanyId: string | null = null): GivenEvent<ContactEvent> => ({
  type: 'ContactLinkedToCompany',
  data: { contactId, companyId, previousCompanyId },
});

const company = (id: string, ownership: Partial<Pick<Company, 'responsibleUserId' | 'accountManagers'>> = {}): Company =>
  companyFixture(id, { at: now, ...ownership });

const create = (data: Partial<Extract<ContactCommand, { type: 'CreateContact' }>['data']> = {}): ContactCommand => ({
  type: 'CreateContact',
  data: { contactId, profile: { firstName: 'Jan', lastName: 'Kowalski' }, ...data },
});
const update = (data: Extract<ContactCommand, { type: 'UpdateContact' }>['data']): ContactCommand => ({ type: 'UpdateContact', data });

// ---------------------------------------------------------------------------------------------------

describe('CreateContact', () => {
  it('creates a contact with its profile normalised: trimmed, deduplicated tags, lower-case e-mails, blank lines dropped', () => {
    spec
      .when(
        create({
          profile: {
            firstName: ' Łukasz ',
            lastName: ' ',
            position: 'CEO',
            stage: ' lead ',
            source: '',
            emails: [{ type: 'work', address: ' Lukasz@Przyklad.PL ' }],
            phones: [{ type: 'home_fax', number: ' +48 22 123 45 67 ' }],
            address: { street: 'ul. Długa 5', street2: '  ', city: 'Łódź' },
            tags: ['VIP', 'vip ', 'partner'],
          },
          accountManagers: ['olga', 'olga'],
        }),
      )
      .then([
        {
          type: 'ContactCreated',
          data: {
            contactId,
            profile: profile({
              firstName: 'Łukasz',
              lastName: null,
              position: 'CEO',
              stage: 'lead',
              emails: [{ type: 'work', address: 'lukasz@przyklad.pl' }],
              phones: [{ type: 'home_fax', number: '+48 22 123 45 67' }],
              address: { street: 'ul. Długa 5', city: 'Łódź' },
              tags: ['VIP', 'partner'],
            }),
            companyId: null,
            accountManagers: ['olga'],
          },
        },
      ])
      .andState({ id: contactId, createdBy: 'olga', createdAt: now, recentInteractions: [], interactionCount: 0, noteCount: 0 });
  });

  it('keeps an address with only blank lines as no address', () => {
    spec.when(create({ profile: { lastName: 'Nowak', address: { street: ' ', city: '' } } })).thenState({ profile: { address: null } });
  });

  it('links the new contact to a company that exists and the actor can see', () => {
    spec
      .when(create({ company: { companyId: 'co-1', company: company('co-1') } }))
      .thenState({ companyId: 'co-1' });
  });

  it('refuses a contact without a first or a last name', () => {
    spec.when(create({ profile: {} })).thenThrows('invalid', { path: 'firstName' });
    spec.when(create({ profile: { firstName: '  ', lastName: null } })).thenThrows('invalid', { path: 'firstName' });
  });

  it('refuses malformed fields with their paths', () => {
    spec.when(create({ profile: { lastName: 'X', emails: [{ type: 'work', address: 'nope' }] } })).thenThrows('invalid', { path: 'emails.0.address' });
    spec.when(create({ profile: { lastName: 'X', phones: [{ type: 'mobile', number: '12' }] } })).thenThrows('invalid', { path: 'phones.0.number' });
    spec.when(create({ profile: { lastName: 'X', position: 'p'.repeat(101) } })).thenThrows('invalid', { path: 'position' });
    spec.when(create({ profile: { lastName: 'X', address: { city: 'c'.repeat(201) } } })).thenThrows('invalid', { path: 'address.city' });
    spec.when(create({ profile: { lastName: 'X', tags: Array.from({ length: 51 }, (_, i) => `t${i}`) } })).thenThrows('invalid', { path: 'tags' });
    spec.when(create({ accountManagers: Array.from({ length: 21 }, (_, i) => `u${i}`) })).thenThrows('invalid', { path: 'accountManagers' });
  });

  it('refuses an unknown company and a company the actor cannot see with the same error', () => {
    const unknown = spec.when(create({ company: { companyId: 'co-x', company: null } })).thenThrows('invalid', { path: 'companyId' });
    const hidden = spec
      .as(rita)
      .when(create({ company: { companyId: 'co-2', company: company('co-2', { responsibleUserId: 'olga' }) } }))
      .thenThrows('invalid', { path: 'companyId' });
    expect(hidden.message).toBe(unknown.message);
    // A company loaded under another id is no proof the given one exists.
    spec.when(create({ company: { companyId: 'co-x', company: company('co-1') } })).thenThrows('invalid', { path: 'companyId' });
  });

  it('lets a restricted user link to companies she manages or that are unassigned', () => {
    spec.as(rita).when(create({ company: { companyId: 'co-3', company: company('co-3', { accountManagers: ['rita'] }) } })).thenState({ companyId: 'co-3' });
    spec.as(rita).when(create({ company: { companyId: 'co-4', company: company('co-4') } })).thenState({ companyId: 'co-4' });
  });

  it('refuses to create a contact twice', () => {
    spec.given([created()]).when(create()).thenThrows('conflict');
  });
});

describe('UpdateContact', () => {
  it('records only the profile fields that change, with set changes applied', () => {
    spec
      .given([created({ profile: profile({ tags: ['vip', 'old'], stage: 'lead' }) })])
      .when(update({ profile: { stage: 'lead', position: 'CTO', tags: { add: ['new'], remove: ['OLD'] } } }))
      .then([{ type: 'ContactProfileChanged', data: { contactId, changes: { position: 'CTO', tags: ['vip', 'new'] } } }])
      .andState({ profile: { position: 'CTO', stage: 'lead', tags: ['vip', 'new'] }, updatedAt: now });
  });

  it('clears fields with null but never both names', () => {
    spec.given([created()]).when(update({ profile: { firstName: null } })).then([
      { type: 'ContactProfileChanged', data: { contactId, changes: { firstName: null } } },
    ]);
    spec.given([created()]).when(update({ profile: { firstName: null, lastName: ' ' } })).thenThrows('invalid', { path: 'firstName' });
  });

  it('changes nothing when nothing differs', () => {
    spec.given([created()]).when(update({ profile: { firstName: 'Jan ' }, accountManagers: [] })).thenNothing();
  });

  it('compares addresses and phones by value, whatever the order of their fields', () => {
    spec
      .given([created({ profile: profile({ address: { street: 'Długa 5', city: 'Łódź' }, phones: [{ type: 'mobile', number: '601234567' }] }) })])
      .when(update({ profile: { address: { city: 'Łódź', street: 'Długa 5' }, phones: [{ number: '601234567', type: 'mobile' }] } }))
      .thenNothing();
  });

  it('links to a company, replacing the previous one', () => {
    spec
      .given([created({ companyId: 'co-1' })])
      .when(update({ company: { companyId: 'co-2', company: company('co-2') } }))
      .then([{ type: 'ContactLinkedToCompany', data: { contactId, companyId: 'co-2', previousCompanyId: 'co-1' } }])
      .andState({ companyId: 'co-2' });
    spec
      .given([created()])
      .when(update({ company: { companyId: 'co-1', company: company('co-1') } }))
      .then([{ type: 'ContactLinkedToCompany', data: { contactId, companyId: 'co-1', previousCompanyId: null } }]);
  });

  it('does not relink to the company it is already linked to, even if that company is gone', () => {
    spec.given([created(), linked('co-1')]).when(update({ company: { companyId: 'co-1', company: null } })).thenNothing();
  });

  it('unlinks from its company, and unlinking an unlinked contact records nothing', () => {
    spec
      .given([created(), linked('co-1')])
      .when(update({ company: null }))
      .then([{ type: 'ContactUnlinkedFromCompany', data: { contactId, companyId: 'co-1' } }])
      .andState({ companyId: null });
    spec.given([created()]).when(update({ company: null })).thenNothing();
  });

  it('refuses to link to an unknown or invisible company', () => {
    spec.given([created()]).when(update({ company: { companyId: 'co-x', company: null } })).thenThrows('invalid', { path: 'companyId' });
    spec
      .as(rita)
      .given([created()])
      .when(update({ company: { companyId: 'co-2', company: company('co-2', { accountManagers: ['olga'] }) } }))
      .thenThrows('invalid', { path: 'companyId' });
  });

  it('changes account managers, whole or by add/remove', () => {
    spec
      .given([created({ accountManagers: ['olga', 'tom'] })])
      .when(update({ accountManagers: { add: ['rita'], remove: ['tom'] } }))
      .then([{ type: 'ContactAccountManagersChanged', data: { contactId, added: ['rita'], removed: ['tom'] } }])
      .andState({ accountManagers: ['olga', 'rita'] });
    spec
      .given([created({ accountManagers: ['olga'] })])
      .when(update({ accountManagers: ['tom'] }))
      .then([{ type: 'ContactAccountManagersChanged', data: { contactId, added: ['tom'], removed: ['olga'] } }]);
  });

  it('records profile, link and managers together, in that order', () => {
    const outcome = spec
      .given([created()])
      .when(update({ profile: { stage: 'client' }, company: { companyId: 'co-1', company: company('co-1') }, accountManagers: ['olga'] }))
      .outcome();
    expect(outcome.events.map((e) => e.type)).toEqual(['ContactProfileChanged', 'ContactLinkedToCompany', 'ContactAccountManagersChanged']);
  });

  it('answers not found for a missing contact or one the restricted user cannot see', () => {
    spec.when(update({ profile: { stage: 'x' } })).thenThrows('not_found');
    spec.as(rita).given([created({ accountManagers: ['olga'] })]).when(update({ profile: { stage: 'x' } })).thenThrows('not_found');
    spec.as(rita).given([created({ accountManagers: ['rita'] })]).when(update({ profile: { stage: 'x' } })).outcome();
    spec.as(rita).given([created()]).when(update({ profile: { stage: 'x' } })).outcome();
  });
});

describe('LogInteraction', () => {
  const log = (data: Partial<Extract<ContactCommand, { type: 'LogInteraction' }>['data']> = {}): ContactCommand => ({
    type: 'LogInteraction',
    data: { interactionId: 'in-1', channel: 'call', direction: 'outbound', ...data },
  });

  it('logs an interaction, at now unless told when, and keeps it on the contact', () => {
    spec
      .given([created()])
      .when(log({ outcome: ' no answer ', notes: '' }))
      .then([
        {
          type: 'ContactInteractionLogged',
          data: { contactId, interactionId: 'in-1', channel: 'call', direction: 'outbound', outcome: 'no answer', notes: null, occurredAt: now },
        },
      ])
      .andState({
        interactionCount: 1,
        recentInteractions: [{ id: 'in-1', channel: 'call', outcome: 'no answer', occurredAt: now, loggedBy: 'olga', loggedAt: now }],
        updatedAt: now,
      });
  });

  it('normalises occurredAt to UTC and accepts a little clock skew', () => {
    spec
      .given([created()])
      .when(log({ channel: 'sms', direction: 'inbound', occurredAt: '2026-03-10T10:03:00+01:00' }))
      .thenState({ recentInteractions: [{ occurredAt: '2026-03-10T09:03:00.000Z' }] });
  });

  it('refuses an interaction in the future and a malformed time', () => {
    spec.given([created()]).when(log({ occurredAt: '2026-03-10T09:06:00Z' })).thenThrows('invalid', { path: 'occurredAt' });
    spec.given([created()]).when(log({ occurredAt: 'yesterday' })).thenThrows('invalid', { path: 'occurredAt' });
    spec.given([created()]).when(log({ notes: 'n'.repeat(4001) })).thenThrows('invalid', { path: 'notes' });
  });

  it('keeps the latest interactions by when they happened, newest first, at most the limit', () => {
    const many = Array.from({ length: recentLimit + 5 }, (_, i): GivenEvent<ContactEvent> => ({
      type: 'ContactInteractionLogged',
      data: {
        contactId,
        interactionId: `in-${i}`,
        channel: 'email',
        direction: 'inbound',
        outcome: null,
        notes: null,
        occurredAt: new Date(Date.parse('2026-01-01T00:00:00Z') + i * 60_000).toISOString(),
      },
    }));
    const state = spec.given([created(), ...many]).state()!;
    expect(state.interactionCount).toBe(recentLimit + 5);
    expect(state.recentInteractions).toHaveLength(recentLimit);
    expect(state.recentInteractions[0]!.id).toBe(`in-${recentLimit + 4}`);
    // One logged late but that happened long ago sorts below, not on top.
    spec
      .given([created(), ...many.slice(0, 3)])
      .when(log({ interactionId: 'late', occurredAt: '2025-12-31T00:00:00Z' }))
      .thenState((s) => expect(s!.recentInteractions.map((i) => i.id)).toEqual(['in-2', 'in-1', 'in-0', 'late']));
  });

  it('answers not found for a missing or invisible contact', () => {
    spec.when(log()).thenThrows('not_found');
    spec.as(rita).given([created({ accountManagers: ['olga'] })]).when(log()).thenThrows('not_found');
  });
});

describe('AddNote', () => {
  const note = (body: string, noteId = 'n-1'): ContactCommand => ({ type: 'AddNote', data: { noteId, body } });

  it('adds a trimmed note, newest first', () => {
    spec
      .given([created(), { type: 'ContactNoteAdded', data: { contactId, noteId: 'n-0', body: 'first' } }])
      .when(note('  second  '))
      .then([{ type: 'ContactNoteAdded', data: { contactId, noteId: 'n-1', body: 'second' } }])
      .andState({ noteCount: 2, recentNotes: [{ id: 'n-1', body: 'second', author: 'olga', at: now }, { id: 'n-0', body: 'first' }] });
  });

  it('keeps at most the limit of notes', () => {
    const many = Array.from({ length: recentLimit + 1 }, (_, i): GivenEvent<ContactEvent> => ({
      type: 'ContactNoteAdded',
      data: { contactId, noteId: `n-${i}`, body: `note ${i}` },
    }));
    spec.given([created(), ...many]).thenState((s) => {
      expect(s!.noteCount).toBe(recentLimit + 1);
      expect(s!.recentNotes).toHaveLength(recentLimit);
      expect(s!.recentNotes[0]!.id).toBe(`n-${recentLimit}`);
    });
  });

  it('refuses a blank or too long note', () => {
    spec.given([created()]).when(note('   ')).thenThrows('invalid', { path: 'body' });
    spec.given([created()]).when(note('x'.repeat(4001))).thenThrows('invalid', { path: 'body' });
  });

  it('answers not found for a missing or invisible contact', () => {
    spec.when(note('x')).thenThrows('not_found');
    spec.as(rita).given([created({ accountManagers: ['olga'] })]).when(note('x')).thenThrows('not_found');
  });
});

describe('events', () => {
  it('refuse a created contact without a name in the catalogue itself', () => {
    expect(() => spec.given([created({ profile: profile({ firstName: null, lastName: null }) })]).state()).toThrow(/catalogue/);
  });

  it('ignore events before creation', () => {
    spec.given([linked('co-1')]).thenState(null);
  });
});

describe('segments (the Polish seed\'s "Segmentacja")', () => {
  const segmented = (segments: string[]): GivenEvent<ContactEvent> => ({ type: 'ContactSegmentsChanged', data: { contactId, segments } });

  it('creates a contact in its segments: ContactCreated and ContactSegmentsChanged together, labels trimmed and unique', () => {
    spec
      .when(create({ profile: { firstName: 'Jan', lastName: 'Kowalski', segments: [' Hurt ', 'Detal', 'hurt'] } }))
      .then([created(), { type: 'ContactSegmentsChanged', data: { contactId, segments: ['Hurt', 'Detal'] } }])
      .andState({ segments: ['Hurt', 'Detal'] });
    spec.when(create({ profile: { firstName: 'Jan', lastName: 'Kowalski', segments: [] } })).then([created()]).andState({ segments: [] });
  });

  it('changes them as a set (whole or { add, remove }), recording the whole new set, nothing when unchanged', () => {
    spec
      .given([created(), segmented(['Hurt'])])
      .when(update({ profile: { segments: { add: ['Detal'], remove: ['HURT'] } } }))
      .then([{ type: 'ContactSegmentsChanged', data: { contactId, segments: ['Detal'] } }]);
    spec.given([created(), segmented(['Hurt'])]).when(update({ profile: { segments: ['Hurt'] } })).thenNothing();
    spec
      .given([created(), segmented(['Hurt'])])
      .when(update({ profile: { segments: [] } }))
      .then([{ type: 'ContactSegmentsChanged', data: { contactId, segments: [] } }])
      .andState({ segments: [] });
  });

  it('refuses a blank or too long segment with its path, and more than 50', () => {
    spec.when(create({ profile: { lastName: 'Nowak', segments: ['ok', ' '] } })).thenThrows('invalid', { path: 'segments.1' });
    spec.when(create({ profile: { lastName: 'Nowak', segments: ['x'.repeat(101)] } })).thenThrows('invalid', { path: 'segments.0' });
    spec.when(create({ profile: { lastName: 'Nowak', segments: Array.from({ length: 51 }, (_, i) => `s${i}`) } })).thenThrows('invalid', { path: 'segments' });
  });
});
