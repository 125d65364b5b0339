import type { Actor } from '../shared/actor.ts';

export interface Owned {
  readonly responsibleUserId: string | null;
  readonly accountManagers: readonly string[];
}

/** "Mine" (Polish seed): I am the responsible user or one of the account managers. */
export const isMine = (actor: Actor, record: Owned): boolean =>
  record.responsibleUserId === actor.userId || record.accountManagers.includes(actor.userId);

/**
 * Restricted users see only records they are responsible for or manage, plus unassigned ones (no
 * responsible user and no account manager). Every other role sees every record of its tenant.
 */
export const canSeeOwned = (actor: Actor, record: Owned): boolean =>
  actor.role !== 'restricted' || isMine(actor, record) || (record.responsibleUserId === null && record.accountManagers.length === 0);
