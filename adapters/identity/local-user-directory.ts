import type { Role } from '../../domain/shared/actor.ts';
import {
  DirectoryEmailTakenError,
  IdentityProviderUnavailableError,
  type DirectoryUserState,
  type NewDirectoryUser,
  type UserDirectory,
} from '../../application/ports/user-directory.ts';
import type { IdGenerator } from '../clock.ts';
import type { Mailer } from '../mail/mailer.ts';

/** A sign-in identity as the local directory keeps it (what Cognito would hold). */
export interface LocalDirectoryUser {
  readonly userId: string;
  readonly tenant: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly enabled: boolean;
  /** How many times every session was signed out (AdminUserGlobalSignOut). */
  readonly signOuts: number;
}

/** Which call fails next (tests' fault injection): the provider being down or throttling. */
export type LocalDirectoryFault = 'create' | 'follow';

/**
 * The stand-in for the Cognito user pool in `npm start` and tests: one identity per e-mail across all
 * tenants (as the one pool is), ids from the injected id source (so the local seed's and the tests'
 * ids stay theirs), and the invitation written through `mailer` (the `.eml` outbox locally) instead of
 * Cognito's e-mail. Local tokens come from the local identity (local/identity.ts), not from a password.
 */
export class LocalUserDirectory implements UserDirectory {
  private readonly users = new Map<string, LocalDirectoryUser>();
  private readonly faults: LocalDirectoryFault[] = [];
  private readonly newId: IdGenerator;
  private readonly mailer: (() => Mailer | undefined) | undefined;

  constructor(newId: IdGenerator, mailer?: () => Mailer | undefined) {
    this.newId = newId;
    this.mailer = mailer;
  }

  /** The identity of `email`, if any (tests). */
  byEmail(email: string): LocalDirectoryUser | undefined {
    return this.users.get(email.toLowerCase());
  }

  byId(userId: string): LocalDirectoryUser | undefined {
    return [...this.users.values()].find((user) => user.userId === userId);
  }

  /** The next `call` fails as an unavailable provider would (once per entry). */
  failNext(call: LocalDirectoryFault): void {
    this.faults.push(call);
  }

  private fault(call: LocalDirectoryFault): void {
    const index = this.faults.indexOf(call);
    if (index < 0) return;
    this.faults.splice(index, 1);
    throw new IdentityProviderUnavailableError(`the identity provider could not ${call === 'create' ? 'create' : 'update'} the user; retry`);
  }

  async create(user: NewDirectoryUser): Promise<{ readonly userId: string }> {
    this.fault('create');
    const key = user.email.toLowerCase();
    const existing = this.users.get(key);
    if (existing) {
      if (existing.tenant !== user.tenant) throw new DirectoryEmailTakenError();
      return { userId: existing.userId };
    }
    const userId = this.newId();
    this.users.set(key, { userId, tenant: user.tenant, email: key, name: user.name, role: user.role, enabled: true, signOuts: 0 });
    await this.mailer?.()?.send({
      id: `invitation-${userId}`,
      to: { name: user.name, address: key },
      subject: 'Your Cronaca account',
      text: [
        `Hello ${user.name},`,
        '',
        `you have been invited to the Cronaca workspace "${user.tenant}" as ${user.role}.`,
        `Your user name is ${key}. In AWS this e-mail comes from Cognito with a temporary password;`,
        `locally there is no password: the local identity (local/identity.ts) signs tokens for user ${userId} of ${user.tenant}.`,
      ].join('\n'),
      html: `<p>Hello ${escape(user.name)},</p><p>you have been invited to the Cronaca workspace <b>${escape(user.tenant)}</b> as ${user.role}. Your user name is ${escape(key)}.</p>`,
    });
    return { userId };
  }

  async emailAvailableTo(userId: string, email: string): Promise<boolean> {
    const holder = this.users.get(email.toLowerCase());
    return !holder || holder.userId === userId;
  }

  async follow(user: DirectoryUserState): Promise<void> {
    this.fault('follow');
    const current = this.byId(user.userId);
    if (!current) return;
    const email = user.email.toLowerCase();
    const holder = this.users.get(email);
    if (holder && holder.userId !== user.userId) throw new DirectoryEmailTakenError();
    this.users.delete(current.email);
    const signOuts = current.signOuts + (!user.active && current.enabled ? 1 : 0);
    this.users.set(email, { ...current, email, name: user.name, role: user.role, enabled: user.active, signOuts });
  }
}

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
