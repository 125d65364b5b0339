import type { Actor } from '../shared/actor.ts';
import { canSeeOwned, isMine } from './company-policy.ts';

/** What visibility needs of a contact: it has no responsible user, only account managers. */
export interface ManagedContact {
  readonly accountManagers: readonly string[];
}

const owned = (contact: ManagedContact) => ({ responsibleUserId: null, accountManagers: contact.accountManagers });

/** "Moje kontakty" (Polish seed): I am one of the contact's account managers. */
export const isMyContact = (actor: Actor, contact: ManagedContact): boolean => isMine(actor, owned(contact));

/** The company rule with no responsible user: restricted users see contacts they manage, plus unmanaged ones. */
export const canSeeContact = (actor: Actor, contact: ManagedContact): boolean => canSeeOwned(actor, owned(contact));
