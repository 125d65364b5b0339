import type { Assignee } from '../../events/shared/assignee.ts';
import type { Actor } from '../shared/actor.ts';

/** What the policy needs to know about an activity. */
export interface ActivityOwnership {
  readonly assignee: Assignee;
  readonly createdBy: string;
}

/** The actor is the assignee, a member of the assignee group, or the creator. */
const isOwn = (actor: Actor, activity: ActivityOwnership): boolean => {
  if (activity.createdBy === actor.userId) return true;
  const { assignee } = activity;
  return assignee.kind === 'user' ? assignee.userId === actor.userId : actor.groups.includes(assignee.groupId);
};

/** Restricted users see only their own activities (assigned to them or their groups, or created by them). */
export const canSeeActivity = (actor: Actor, activity: ActivityOwnership): boolean => actor.role !== 'restricted' || isOwn(actor, activity);

/**
 * Who may change an activity: its assignee (or a member of the assignee group), its creator, and
 * managers and admins. A standard user sees a colleague's activity but does not move it.
 */
export const canChangeActivity = (actor: Actor, activity: ActivityOwnership): boolean =>
  actor.role === 'admin' || actor.role === 'manager' || isOwn(actor, activity);

/** Restricted users plan work only for themselves or their own groups; other roles for anyone. */
export const mayAssignTo = (actor: Actor, assignee: Assignee): boolean =>
  actor.role !== 'restricted' ||
  (assignee.kind === 'user' ? assignee.userId === actor.userId : actor.groups.includes(assignee.groupId));

/** Whose calendar an actor may read: restricted users only their own and their groups'. */
export const mayReadCalendarOf = (actor: Actor, resource: Assignee): boolean => mayAssignTo(actor, resource);
