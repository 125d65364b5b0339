import type { Actor } from '../shared/actor.ts';

/** What the policy needs to know about a request (not the aggregate's own type: no import circle). */
export interface RequestOwnership {
  readonly responsibleId: string | null;
  readonly registeredBy: string;
}

/**
 * Restricted users see the requests they are responsible for, the ones they registered and the ones
 * nobody is responsible for yet (someone has to pick them up). Every other role sees every request of
 * its tenant.
 */
export const canSeeRequest = (actor: Actor, request: RequestOwnership): boolean =>
  actor.role !== 'restricted' || request.responsibleId === null || request.responsibleId === actor.userId || request.registeredBy === actor.userId;

/** Reopening a closed request is a manager's or an administrator's decision (issue 14). */
export const canReopenRequest = (actor: Actor): boolean => actor.role === 'admin' || actor.role === 'manager';
