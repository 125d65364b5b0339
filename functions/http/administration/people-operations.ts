import type { ReadModelStore } from '../../../adapters/dynamodb/read-model-store.ts';
import { peopleService } from '../../../application/administration/people-service.ts';
import { groupView, userView } from '../../../application/administration/people-view.ts';
import { groupProfileProjection, peopleKeys, userProfileProjection } from '../../../projections/administration/people.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { decodeCursor, encodeCursor } from '../../../application/shared/cursor.ts';
import { commandContextOf } from '../idempotency.ts';
import { commandOptionsOf, recordAnswer } from '../record-commands.ts';
import { etag, json } from '../responses.ts';
import type { Operations } from '../router.ts';

type PeopleOperations = Pick<
  Operations<'adminApi'>,
  'registerUser' | 'listUsers' | 'getUser' | 'updateUser' | 'createGroup' | 'listGroups' | 'getGroup' | 'updateGroup'
>;

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

const userAnswer = recordAnswer((id) => `/v1/users/${id}`);
const groupAnswer = recordAnswer((id) => `/v1/groups/${id}`);
const readAnswer = ({ record, version }: { record: unknown; version: number }) => json(200, record, { etag: etag(version) });

/** Users and groups over HTTP: each command calls the people service and renders its result; lists read the people read model. */
export const peopleOperations = (dependencies: DependencySource): PeopleOperations => {
  const people = peopleService(dependencies);
  const context = commandContextOf;
  const options = commandOptionsOf;

  return {
    registerUser: async ({ actor, body, ...request }) => userAnswer(await people.registerUser(context(actor, request), body, options(actor, request, false))),
    updateUser: async ({ actor, params, body, ...request }) =>
      userAnswer(await people.updateUser(context(actor, request), params.id, body, options(actor, request))),
    getUser: async ({ actor, params }) => readAnswer(await people.getUser(actor, params.id)),
    listUsers: async ({ actor, query }) =>
      json(
        200,
        await listPage(dependencies().readModels, peopleKeys.users(actor.tenant), query, (item) =>
          userView(userProfileProjection.fromItem(item), Number(item.version)),
        ),
      ),
    createGroup: async ({ actor, body, ...request }) => groupAnswer(await people.createGroup(context(actor, request), body, options(actor, request, false))),
    updateGroup: async ({ actor, params, body, ...request }) =>
      groupAnswer(await people.updateGroup(context(actor, request), params.id, body, options(actor, request))),
    getGroup: async ({ actor, params }) => readAnswer(await people.getGroup(actor, params.id)),
    listGroups: async ({ actor, query }) =>
      json(
        200,
        await listPage(dependencies().readModels, peopleKeys.groups(actor.tenant), query, (item) =>
          groupView(groupProfileProjection.fromItem(item), Number(item.version)),
        ),
      ),
  };
};
