import { canSeeGroup, groupDecider, type Group, type GroupCommand } from '../../domain/access/group.ts';
import { filterInBatches } from '../shared/in-batches.ts';
import { canSeeUser, userDecider, userUniqueKeys, type User, type UserCommand } from '../../domain/access/user.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { EventStorePort } from '../ports/event-store.ts';
import type { CommandContext, CommandOptions } from '../shared/command-context.ts';
import { recordCommand } from '../shared/record-command.ts';
import { loadAsOf, type RecordReader } from '../shared/record-reads.ts';
import { groupView, userView } from './people-view.ts';

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

type DataOf<C extends { type: string }, T extends C['type']> = Extract<C, { type: T }> extends { data: infer D } ? D : never;

export type RegisterUserInput = Omit<DataOf<UserCommand, 'RegisterUser'>, 'userId'>;
export type UpdateUserInput = DataOf<UserCommand, 'UpdateUser'>;
export interface CreateGroupInput {
  readonly name: string;
  readonly members?: readonly string[] | undefined;
}
export type UpdateGroupInput = Omit<DataOf<GroupCommand, 'UpdateGroup'>, 'knownUsers'>;

/**
 * Which of `ids` are registered users of the tenant, read from their own streams (strongly
 * consistent: a user registered a moment ago can join a group at once, whatever the projection lag).
 */
const registeredAmong = (store: EventStorePort, tenant: string, ids: readonly string[]): Promise<string[]> =>
  filterInBatches([...new Set(ids)], 25, async (id) => (await store.load(tenant, 'user', id)).version > 0);

/**
 * Users and groups: commands for administrators (the deciders check), reads for every user of the
 * tenant. Each command returns the user or group after it (or the first result of a retry).
 */
export const peopleService = (dependencies: ApplicationDependencySource) => {
  const userCommand = recordCommand(dependencies, {
    aggregateType: 'user',
    label: 'user',
    decider: userDecider,
    canSee: canSeeUser,
    view: userView,
    uniqueKeys: userUniqueKeys,
  });
  const groupCommand = recordCommand(dependencies, {
    aggregateType: 'group',
    label: 'group',
    decider: groupDecider,
    canSee: canSeeGroup,
    view: groupView,
  });
  const known = (actor: Actor, ids: readonly string[] | undefined) => registeredAmong(dependencies().eventStore, actor.tenant, ids ?? []);
  const read = async <S, V>(actor: Actor, reader: RecordReader<S>, id: string, view: (state: S, version: number) => V) => {
    const { state, version } = await loadAsOf(dependencies().eventStore, actor, reader, id, undefined);
    return { record: view(state, version), version };
  };

  return {
    registerUser: (context: CommandContext, input: RegisterUserInput, options: Omit<CommandOptions, 'expectedVersion'> = {}) => {
      const userId = dependencies().newId();
      return userCommand(context, userId, { type: 'RegisterUser', data: { userId, ...input } }, { ...options, create: true });
    },
    updateUser: (context: CommandContext, userId: string, input: UpdateUserInput, options: CommandOptions = {}) =>
      userCommand(context, userId, { type: 'UpdateUser', data: input }, options),
    getUser: (actor: Actor, userId: string) => read(actor, userReader, userId, userView),
    /** Members must be registered users of the tenant (looked up on their own streams). */
    createGroup: async (context: CommandContext, input: CreateGroupInput, options: Omit<CommandOptions, 'expectedVersion'> = {}) => {
      const groupId = dependencies().newId();
      const members = input.members ?? [];
      const knownUsers = await known(context.actor, members);
      return groupCommand(context, groupId, { type: 'CreateGroup', data: { groupId, name: input.name, members, knownUsers } }, { ...options, create: true });
    },
    updateGroup: async (context: CommandContext, groupId: string, input: UpdateGroupInput, options: CommandOptions = {}) => {
      const knownUsers = await known(context.actor, input.addMembers);
      return groupCommand(context, groupId, { type: 'UpdateGroup', data: { ...input, knownUsers } }, options);
    },
    getGroup: (actor: Actor, groupId: string) => read(actor, groupReader, groupId, groupView),
  };
};

export type PeopleService = ReturnType<typeof peopleService>;
