import { describe, expect, it } from 'vitest';
import { LocalUserDirectory } from '../../../adapters/identity/local-user-directory.ts';
import { MemoryMailer } from '../../../adapters/mail/memory-mailer.ts';
import { peopleService } from '../../../application/administration/people-service.ts';
import { idempotencyFor } from '../../../application/shared/command-context.ts';
import { IdentityProviderUnavailableError } from '../../../application/ports/user-directory.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { memoryDependencies } from '../../support/memory-dependencies.ts';

/**
 * The people service and the identity provider (the local directory, with fault injection): the
 * identity first, its id the user's; nothing recorded when the provider fails; a retry converges.
 */
const admin: Actor = { tenant: 't-acme', userId: 'ada', role: 'admin', groups: [] };
const context = { actor: admin, correlationId: 'c-1' };
const olga = { name: 'Olga Nowak', email: 'Olga@Acme.pl', timezone: 'Europe/Warsaw', locale: 'pl', role: 'standard' as const };

const setup = () => {
  const { eventStore, source } = memoryDependencies('2027-03-01T09:00:00.000Z');
  const mailer = new MemoryMailer();
  let ids = 0;
  const directory = new LocalUserDirectory(() => `sub-${++ids}`, () => mailer);
  return { eventStore, mailer, directory, people: peopleService(source, () => directory) };
};

describe('users and their sign-in identity', () => {
  it('records a new user under the id of the identity created for it, after one invitation', async () => {
    const { people, directory, mailer } = setup();
    const { result } = await people.registerUser(context, olga);
    expect(result.id).toBe('sub-1');
    expect(directory.byEmail('olga@acme.pl')).toMatchObject({ userId: 'sub-1', tenant: 't-acme', role: 'standard', enabled: true });
    expect(mailer.sent.map((message) => [message.id, message.to.address])).toEqual([['invitation-sub-1', 'olga@acme.pl']]);
  });

  it('asks the provider nothing for a non-administrator, bad input or an e-mail of the tenant already taken', async () => {
    const { people, directory, mailer } = setup();
    await people.registerUser(context, olga);
    directory.failNext('create');
    const refusals = [
      people.registerUser({ ...context, actor: { ...admin, role: 'manager' } }, { ...olga, email: 'tom@acme.pl' }),
      people.registerUser(context, { ...olga, email: 'not-an-address' }),
      people.registerUser(context, { ...olga, email: 'OLGA@acme.pl' }),
    ];
    for (const refusal of refusals) await expect(refusal).rejects.not.toBeInstanceOf(IdentityProviderUnavailableError);
    expect(mailer.sent).toHaveLength(1);
  });

  it('records nothing when the provider fails, and the retry under the same key succeeds and is then replayed', async () => {
    const { people, directory, eventStore } = setup();
    const idempotency = idempotencyFor(admin, 'k-1', 'POST /v1/users olga');
    directory.failNext('create');
    await expect(people.registerUser(context, olga, { idempotency })).rejects.toBeInstanceOf(IdentityProviderUnavailableError);
    expect(await eventStore.readClaim('t-acme', 'user-email', 'olga@acme.pl')).toBeUndefined();
    const first = await people.registerUser(context, olga, { idempotency });
    const replay = await people.registerUser(context, olga, { idempotency });
    expect(replay).toEqual({ result: first.result, replayed: true });
    expect(directory.byId('sub-2')).toBeUndefined();
  });

  it('refuses an address that signs in to another tenant, naming the input field', async () => {
    const { people } = setup();
    await people.registerUser(context, olga);
    const elsewhere = people.registerUser({ ...context, actor: { ...admin, tenant: 't-globex' } }, olga);
    await expect(elsewhere).rejects.toMatchObject({ kind: 'conflict', issues: [{ path: 'email' }] });
    await expect(elsewhere).rejects.toBeInstanceOf(DomainError);
  });

  it('makes the identity follow role, e-mail and deactivation; a failed follow keeps the change and the same command converges', async () => {
    const { people, directory } = setup();
    const { result } = await people.registerUser(context, olga);
    await people.updateUser(context, result.id, { role: 'manager', email: 'olga.nowak@acme.pl' });
    expect(directory.byId(result.id)).toMatchObject({ role: 'manager', email: 'olga.nowak@acme.pl', enabled: true });
    directory.failNext('follow');
    await expect(people.updateUser(context, result.id, { active: false })).rejects.toBeInstanceOf(IdentityProviderUnavailableError);
    expect((await people.getUser(admin, result.id)).record.active).toBe(false);
    expect(directory.byId(result.id)).toMatchObject({ enabled: true });
    const again = await people.updateUser(context, result.id, { active: false });
    // Registered (1), profile and role changed (3), deactivated (4): the retry records nothing new.
    expect(again.result.version).toBe(4);
    expect(directory.byId(result.id)).toMatchObject({ enabled: false, signOuts: 1 });
  });

  it('refuses a new address that signs in to another tenant BEFORE recording it (409 on email), and records nothing', async () => {
    const { people } = setup();
    const { result } = await people.registerUser(context, olga);
    await people.registerUser({ ...context, actor: { ...admin, tenant: 't-globex' } }, { ...olga, email: 'tom@globex.com' });

    const change = people.updateUser(context, result.id, { email: 'Tom@Globex.com' });

    await expect(change).rejects.toMatchObject({ kind: 'conflict', issues: [{ path: 'email' }] });
    expect((await people.getUser(admin, result.id)).record).toMatchObject({ email: 'olga@acme.pl', version: 1 });
  });

  it('answers 503 (never a 4xx) when the identity cannot follow a change already recorded', async () => {
    const { people, directory } = setup();
    const { result } = await people.registerUser(context, olga);
    const follow = directory.follow.bind(directory);
    directory.follow = () => Promise.reject(new Error('an unexpected refusal'));

    await expect(people.updateUser(context, result.id, { role: 'manager' })).rejects.toBeInstanceOf(IdentityProviderUnavailableError);
    expect((await people.getUser(admin, result.id)).record.role).toBe('manager');
    directory.follow = follow;
    await people.updateUser(context, result.id, { role: 'manager' });
    expect(directory.byId(result.id)).toMatchObject({ role: 'manager' });
  });

  it('asks the provider nothing about an address when the command itself refuses or keeps it: 404, a stale version, an unchanged address', async () => {
    const { people, directory } = setup();
    const { result } = await people.registerUser(context, olga);
    const asked: string[] = [];
    directory.emailAvailableTo = async (id, email) => {
      asked.push(`${id} ${email}`);
      return true;
    };

    await expect(people.updateUser(context, 'nobody', { email: 'new@acme.pl' })).rejects.toMatchObject({ kind: 'not_found' });
    await expect(people.updateUser(context, result.id, { email: 'new@acme.pl' }, { expectedVersion: 7 })).rejects.toThrow(/version/);
    await people.updateUser(context, result.id, { email: 'OLGA@acme.pl', active: false });

    expect(asked).toEqual([]);
    await people.updateUser(context, result.id, { email: 'new@acme.pl' });
    expect(asked).toEqual([`${result.id} new@acme.pl`]);
  });
});
