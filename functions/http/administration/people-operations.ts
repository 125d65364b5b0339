import type { EventStore } from '../../../adapters/dynamodb/event-store.ts';
import type { ReadModelStore } from '../../../adapters/dynamodb/read-model-store.ts';
import { canSeeGroup, groupDecider, type Group } from '../../../domain/access/group.ts';
import { canSeeUser, userDecider, userUniqueKeys, type User } from '../../../domain/access/user.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { groupProfileProjection, peopleKeys, userProfileProjection } from '../../../projections/administration/people.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { recordCommands } from '../record-commands.ts';
import { loadAsOf, type RecordReader } from '../../../application/shared/record-reads.ts';
import { etag, json } from '../responses.ts';
import type { Operations } from '../router.ts';
import { groupView, userView } from './people-wire.ts';

type PeopleOperations = Pick<
  Operations<'adminApi'>,
  'registerUser' | 'listUsers' | 'getUser' | 'updateUser' | 'createGroup' | 'listGroups' | 'getGroup' | 'updateGroup'
>;

const userReader: RecordReader<User> = {
  aggregateType: 'user',
  decider: userDecider as RecordReader<User>['decider'],
  canSee: canSeeUser,
  label: 'user',
};

const groupReader: RecordReader<Group> = {
  aggregateType: 'group',
  decider: groupDecider as RecordReader<Group>['decider'],
  canSee: canSeeGroup,
  label: 'group',
};

/**
 * Which of `ids` are registered users of the tenant, read from their own streams (strongly
 * consistent: a user registered a moment ago can join a group at once, whatever the projection lag).
 */
const registeredAmong = async (store: EventStore, tenant: string, ids: readonly string[]): Promise<string[]> => {
  const known: string[] = [];
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += 25) {
    const chunk = unique.slice(start, start + 25);
    const versions = await Promise.all(chunk.map(async (id) => (await store.load(tenant, 'user', id)).version));
    chunk.forEach((id, index) => {
      if (versions[index]! > 0) known.push(id);
    });
  }
  return known;
};

/** A page of a people list (gsi1, by folded name); the cursor is bound to the tenant's partition. */
const listPage = async <R>(
  store: ReadModelStore,
  partition: string,
  query: { limit: number; cursor?: string | undefined },
  view: (item: Record<string, unknown>) => R,
) => {
  const partitionKey = { name: 'gsi1pk', value: partition };
  const startKey = decodeCursor(query.cursor, partitionKey);
  const page = await store.query({ index: 'gsi1', partitionKey, newestFirst: false, limit: query.limit, ...(startKey ? { startKey } : {}) });
  return { items: page.items.map(view), nextCursor: encodeCursor(page.lastKey) };
};

/** Users and groups: writes for administrators (the deciders check), reads for every user of the tenant. */
export const peopleOperations = (dependencies: DependencySource): PeopleOperations => {
  const userCommand = recordCommands(dependencies, {
    aggregateType: 'user',
    label: 'user',
    decider: userDecider,
    canSee: canSeeUser,
    view: userView,
    location: (id) => `/v1/users/${id}`,
    uniqueKeys: userUniqueKeys,
  });
  const groupCommand = recordCommands(dependencies, {
    aggregateType: 'group',
    label: 'group',
    decider: groupDecider,
    canSee: canSeeGroup,
    view: groupView,
    location: (id) => `/v1/groups/${id}`,
  });
  const known = (actor: Actor, ids: readonly string[] | undefined) => registeredAmong(dependencies().eventStore, actor.tenant, ids ?? []);
  const read = async <S>(actor: Actor, reader: RecordReader<S>, id: string, view: (state: S, version: number) => unknown) => {
    const { state, version } = await loadAsOf(dependencies().eventStore, actor, reader, id, undefined);
    return json(200, view(state, version), { etag: etag(version) });
  };

  return {
    registerUser: async ({ actor, body, ...request }) => {
      const userId = dependencies().newId();
      return userCommand(actor, request, userId, { type: 'RegisterUser', data: { userId, ...body } }, true);
    },
    updateUser: ({ actor, params, body, ...request }) => userCommand(actor, request, params.id, { type: 'UpdateUser', data: body }),
    getUser: ({ actor, params }) => read(actor, userReader, params.id, userView),
    listUsers: async ({ actor, query }) =>
      json(
        200,
        await listPage(dependencies().readModels, peopleKeys.users(actor.tenant), query, (item) =>
          userView(userProfileProjection.fromItem(item), Number(item.version)),
        ),
      ),
    createGroup: async ({ actor, body, ...request }) => {
      const groupId = dependencies().newId();
      const members = body.members ?? [];
      const knownUsers = await known(actor, members);
      return groupCommand(actor, request, groupId, { type: 'CreateGroup', data: { groupId, name: body.name, members, knownUsers } }, true);
    },
    updateGroup: async ({ actor, params, body, ...request }) => {
      const knownUsers = await known(actor, body.addMembers);
      return groupCommand(actor, request, params.id, { type: 'UpdateGroup', data: { ...body, knownUsers } });
    },
    getGroup: ({ actor, params }) => read(actor, groupReader, params.id, groupView),
    listGroups: async ({ actor, query }) =>
      json(
        200,
        await listPage(dependencies().readModels, peopleKeys.groups(actor.tenant), query, (item) =>
          groupView(groupProfileProjection.fromItem(item), Number(item.version)),
        ),
      ),
  };
};
