import type { PeopleOfRecord } from '../../domain/access/people.ts';
import { mentionCandidates } from '../../domain/collaboration/mentions.ts';
import type { Actor } from '../../domain/shared/actor.ts';

/**
 * The users a body mentions: its `@<id>` candidates that are active users of the caller's tenant,
 * checked on their own streams (strongly consistent: a user created a moment ago can be mentioned),
 * in parallel. A candidate that is no user stays plain text — an `@` is not an error. The author is
 * dropped by the decider.
 */
export const mentionedUsers = async (people: PeopleOfRecord, actor: Actor, body: string): Promise<string[]> => {
  const candidates = mentionCandidates(body).filter((id) => id !== actor.userId);
  const active = await Promise.all(candidates.map((id) => people.activeUser(actor.tenant, id)));
  return candidates.filter((_id, index) => active[index]);
};
