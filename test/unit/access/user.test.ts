import { describe, expect, it } from 'vitest';
import { userDecider, userUniqueKeys, type UserCommand } from '../../../domain/access/user.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { UserEvent } from '../../../events/administration/user-events.ts';
import { deciderSpec, type GivenEvent } from '../../support/decider-spec.ts';

const now = '2026-03-10T09:00:00.000Z';
const actor = (userId: string, role: Actor['role']): Actor => ({ tenant: 'acme', userId, role, groups: [] });
const ada = actor('ada', 'admin');
const spec = deciderSpec(userDecider, { actor: ada, now });

const register = (data: Partial<Extract<UserCommand, { type: 'RegisterUser' }>['data']> = {}): UserCommand => ({
  type: 'RegisterUser',
  data: { userId: 'olga', name: 'Olga Nowak', email: 'olga@acme.pl', timezone: 'Europe/Warsaw', locale: 'pl', role: 'standard', ...data },
});
const update = (data: Extract<UserCommand, { type: 'UpdateUser' }>['data']): UserCommand => ({ type: 'UpdateUser', data });

const registered: GivenEvent<UserEvent> = {
  type: 'UserRegistered',
  data: { userId: 'olga', name: 'Olga Nowak', email: 'olga@acme.pl', timezone: 'Europe/Warsaw', locale: 'pl', role: 'standard' },
};

describe('registering a user', () => {
  it('records the profile, normalised: e-mail lower-cased, zone in its letter case, name trimmed', () => {
    spec
      .when(register({ name: '  Olga   Nowak ', email: ' Olga@ACME.pl', timezone: 'europe/warsaw' }))
      .then([registered])
      .andState({ id: 'olga', active: true, role: 'standard', registeredAt: now });
  });

  it('keeps the zone as the user named it, though the runtime knows it under another name', () => {
    spec.when(register({ timezone: 'Asia/Kolkata' })).thenState({ timezone: 'Asia/Kolkata' });
    spec.when(register({ timezone: 'Europe/Kyiv' })).thenState({ timezone: 'Europe/Kyiv' });
    spec.when(register({ timezone: 'US/Pacific' })).thenState({ timezone: 'US/Pacific' });
  });

  it('is for administrators only', () => {
    for (const role of ['manager', 'standard', 'restricted'] as const) {
      spec.as(actor('tom', role)).when(register()).thenThrows('forbidden');
    }
  });

  it.each([
    ['timezone', { timezone: 'Mars/Olympus' }],
    ['timezone', { timezone: '+01:00' }],
    ['timezone', { timezone: '' }],
    ['locale', { locale: 'de' }],
    ['email', { email: 'olga' }],
    ['email', { email: 'olga@acme' }],
    ['email', { email: 'ol ga@acme.pl' }],
    ['name', { name: '   ' }],
    ['name', { name: 'x'.repeat(201) }],
  ])('refuses a bad %s (%j)', (path, data) => {
    spec.when(register(data)).thenThrows('invalid', { path });
  });

  it('refuses an id that is already registered', () => {
    spec.given([registered]).when(register()).thenThrows('conflict', 'already exists');
  });

  it('claims the e-mail address as unique per tenant', () => {
    const state = spec.given([registered]).state();
    expect(userUniqueKeys(state)).toEqual([{ scope: 'user-email', value: 'olga@acme.pl' }]);
    expect(userUniqueKeys(null)).toEqual([]);
  });
});

describe('changing a user', () => {
  it('records only the profile fields that change', () => {
    spec
      .given([registered])
      .when(update({ name: 'Olga Nowak', timezone: 'Europe/Rome', locale: 'pl' }))
      .then([{ type: 'UserProfileChanged', data: { userId: 'olga', changes: { timezone: 'Europe/Rome' } } }])
      .andState({ timezone: 'Europe/Rome', updatedAt: now });
  });

  it('changes the role, deactivates and reactivates', () => {
    spec
      .given([registered])
      .when(update({ role: 'manager', active: false }))
      .then([
        { type: 'UserRoleChanged', data: { userId: 'olga', from: 'standard', to: 'manager' } },
        { type: 'UserDeactivated', data: { userId: 'olga' } },
      ])
      .andState({ role: 'manager', active: false });
    spec
      .given([registered, { type: 'UserDeactivated', data: { userId: 'olga' } }])
      .when(update({ active: true }))
      .then([{ type: 'UserReactivated', data: { userId: 'olga' } }])
      .andState({ active: true });
  });

  it('changes nothing when nothing differs (an e-mail differing only in case is the same)', () => {
    spec.given([registered]).when(update({ email: 'OLGA@acme.pl', role: 'standard', active: true })).thenNothing();
  });

  it('validates what it changes, naming the field', () => {
    spec.given([registered]).when(update({ timezone: 'Nowhere' })).thenThrows('invalid', { path: 'timezone' });
    spec.given([registered]).when(update({ locale: 'fr' })).thenThrows('invalid', { path: 'locale' });
    spec.given([registered]).when(update({ email: '@acme.pl' })).thenThrows('invalid', { path: 'email' });
  });

  it('is for administrators only', () => {
    spec.as(actor('olga', 'manager')).given([registered]).when(update({ name: 'Me' })).thenThrows('forbidden');
  });

  it('refuses an unknown user', () => {
    spec.when(update({ name: 'Nobody' })).thenThrows('not_found');
  });

  it('does not let administrators demote or deactivate themselves (the tenant would lock itself out)', () => {
    const adaRegistered: GivenEvent<UserEvent> = { type: 'UserRegistered', data: { ...registered.data, userId: 'ada', role: 'admin' } };
    spec.given([adaRegistered]).when(update({ role: 'standard' })).thenThrows('conflict', 'own role');
    spec.given([adaRegistered]).when(update({ active: false })).thenThrows('conflict', 'deactivate themselves');
    spec.given([adaRegistered]).when(update({ locale: 'it' })).then([{ type: 'UserProfileChanged', data: { userId: 'ada', changes: { locale: 'it' } } }]);
  });
});
