import { peopleQueries } from '../../../application/administration/people-queries.ts';
import { peopleService } from '../../../application/administration/people-service.ts';
import { LocalUserDirectory } from '../../../adapters/identity/local-user-directory.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { commandContextOf } from '../idempotency.ts';
import { inQuery } from '../problem-details.ts';
import { commandOptionsOf, recordAnswer } from '../record-commands.ts';
import { etag, json } from '../responses.ts';
import type { Operations } from '../router.ts';

type PeopleOperations = Pick<
  Operations<'adminApi'>,
  'registerUser' | 'listUsers' | 'getUser' | 'updateUser' | 'createGroup' | 'listGroups' | 'getGroup' | 'updateGroup'
>;

const userAnswer = recordAnswer((id) => `/v1/users/${id}`);
const groupAnswer = recordAnswer((id) => `/v1/groups/${id}`);
const readAnswer = ({ record, version }: { record: unknown; version: number }) => json(200, record, { etag: etag(version) });

/** Users and groups over HTTP: each command calls the people service and renders its result; lists call the people queries. */
export const peopleOperations = (dependencies: DependencySource): PeopleOperations => {
  // No provider given (tests that build their own dependencies): the local directory, on their id source.
  const fallback = new LocalUserDirectory(() => dependencies().newId());
  const people = peopleService(dependencies, () => dependencies().userDirectory ?? fallback);
  const lists = peopleQueries(dependencies);
  const context = commandContextOf;
  const options = commandOptionsOf;

  return {
    registerUser: async ({ actor, body, ...request }) => userAnswer(await people.registerUser(context(actor, request), body, options(actor, request, false))),
    updateUser: async ({ actor, params, body, ...request }) =>
      userAnswer(await people.updateUser(context(actor, request), params.id, body, options(actor, request))),
    getUser: async ({ actor, params }) => readAnswer(await people.getUser(actor, params.id)),
    listUsers: async ({ actor, query }) => json(200, await inQuery(() => lists.listUsers(actor, query))),
    createGroup: async ({ actor, body, ...request }) => groupAnswer(await people.createGroup(context(actor, request), body, options(actor, request, false))),
    updateGroup: async ({ actor, params, body, ...request }) =>
      groupAnswer(await people.updateGroup(context(actor, request), params.id, body, options(actor, request))),
    getGroup: async ({ actor, params }) => readAnswer(await people.getGroup(actor, params.id)),
    listGroups: async ({ actor, query }) => json(200, await inQuery(() => lists.listGroups(actor, query))),
  };
};
