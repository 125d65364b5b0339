import type { PeopleOfRecord } from '../../domain/access/people.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { FieldIssue } from '../../domain/shared/errors.ts';
import type { Assignee } from '../../events/support/ticket-events.ts';
import { invalidFields } from './errors.ts';

/** User ids a record holds in one field (`path` names the input field, e.g. `accountManagers`). */
export interface NamedUsers {
  readonly path: string;
  readonly ids: readonly (string | null | undefined)[];
}

/** An invalid-input error naming every field with what is wrong in it. */
export const unknownReferences = (issues: readonly FieldIssue[]) => invalidFields(issues);

/**
 * Refuses (invalid input, naming each field) user ids a command gives a record that are not active users of the
 * tenant, checked strongly consistent (`PeopleOfRecord`) and in parallel. Only ids the record did not
 * hold before are checked — a user deactivated since keeps the records they hold — and never the
 * actor's own id (the token proves them). Another tenant's user is unknown here.
 */
export const refuseUnknownUsers = async (people: PeopleOfRecord, actor: Actor, before: readonly NamedUsers[], after: readonly NamedUsers[]): Promise<void> => {
  const held = new Set(before.flatMap((named) => named.ids.map((id) => `${named.path}\u0000${id}`)));
  const named = after.flatMap((field) =>
    field.ids
      .filter((id): id is string => typeof id === 'string' && id !== actor.userId && !held.has(`${field.path}\u0000${id}`))
      .map((id) => ({ path: field.path, id })),
  );
  if (named.length === 0) return;
  const ids = [...new Set(named.map((n) => n.id))];
  const active = new Map(await Promise.all(ids.map(async (id) => [id, await people.activeUser(actor.tenant, id)] as const)));
  const issues = named.filter((n) => !active.get(n.id)).map((n) => ({ path: n.path, message: `no active user ${n.id} in this tenant` }));
  if (issues.length > 0) throw unknownReferences(issues);
};

/** An active user, or a group, of the tenant (strongly consistent). */
export const assigneeExists = (people: PeopleOfRecord, tenant: string, assignee: Assignee): Promise<boolean> =>
  assignee.kind === 'group' ? people.group(tenant, assignee.groupId) : people.activeUser(tenant, assignee.userId);
