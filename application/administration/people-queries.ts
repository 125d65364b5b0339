import type { Actor } from '../../domain/shared/actor.ts';
import { groupProfileProjection, peopleKeys, userProfileProjection } from '../../projections/administration/people.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { ReadModels } from '../ports/read-models.ts';
import { decodeCursor, encodeCursor } from '../shared/cursor.ts';
import { groupView, userView } from './people-view.ts';

/** The page of a people list asked for (`cursor`: the previous page's `nextCursor`). */
export interface PeoplePage {
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** A page of a people list (gsi1, by folded name); the cursor is bound to the tenant's partition. */
const listPage = async <R>(store: ReadModels, partition: string, page: PeoplePage, view: (item: Record<string, unknown>) => R) => {
  const partitionKey = { name: 'gsi1pk', value: partition };
  const startKey = decodeCursor(page.cursor, partitionKey);
  const read = await store.query({ index: 'gsi1', partitionKey, newestFirst: false, limit: page.limit, ...(startKey ? { startKey } : {}) });
  return { items: read.items.map(view), nextCursor: encodeCursor(read.lastKey) };
};

/**
 * The tenant's users and groups, by name (the people read model; eventually consistent). A cursor
 * edited or taken from another list is a MalformedInputError naming `cursor`.
 */
export const peopleQueries = (dependencies: ApplicationDependencySource) => ({
  listUsers: (actor: Actor, page: PeoplePage) =>
    listPage(dependencies().readModels, peopleKeys.users(actor.tenant), page, (item) => userView(userProfileProjection.fromItem(item), Number(item.version))),
  listGroups: (actor: Actor, page: PeoplePage) =>
    listPage(dependencies().readModels, peopleKeys.groups(actor.tenant), page, (item) => groupView(groupProfileProjection.fromItem(item), Number(item.version))),
});

export type PeopleQueries = ReturnType<typeof peopleQueries>;
