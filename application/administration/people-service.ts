import { canSeeGroup, groupDecider, type Group, type GroupCommand } from '../../domain/access/group.ts';
import { filterInBatches } from '../shared/in-batches.ts';
import { canSeeUser, userDecider, userEmailScope, userUniqueKeys, type User, type UserCommand } from '../../domain/access/user.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { UniqueKeyTakenError } from '../ports/event-store-errors.ts';
import { DirectoryEmailTakenError, DirectoryRefusedError, IdentityProviderUnavailableError, type UserDirectory } from '../ports/user-directory.ts';
import { loadState } from '../shared/load-state.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { EventStorePort } from '../ports/event-store.ts';
import { replayedRecordId, type CommandContext, type CommandOptions } from '../shared/command-context.ts';
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

/** The e-mail signs in to another tenant: a conflict on the input's `email`. */
const emailTaken = (error: DirectoryEmailTakenError): DomainError =>
  new DomainError('conflict', error.message, [{ path: 'email', message: 'already signs in to another workspace of this service' }]);

/** Cognito's own rules on an attribute (its message names it): the field the administrator typed. */
const refused = (error: DirectoryRefusedError): DomainError => {
  const field = /\bname\b/i.test(error.message) && !/e-?mail/i.test(error.message) ? 'name' : 'email';
  return new DomainError('invalid', error.message, [{ path: field, message: 'not accepted by the identity provider' }]);
};

const inDirectory = async <T>(call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DirectoryEmailTakenError) throw emailTaken(error);
    if (error instanceof DirectoryRefusedError) throw refused(error);
    throw error;
  }
};

/**
 * Users and groups: commands for administrators (the deciders check), reads for every user of the
 * tenant. Each command returns the user or group after it (or the first result of a retry).
 *
 * A new user's sign-in identity is created at the identity provider (`directory`, Cognito in AWS)
 * BEFORE the user is recorded, and its id becomes the user's id (the tokens' `sub`): the administrator
 * learns at once that the provider refused or failed (nothing is recorded then), and a retry after a
 * failure between the two finds the identity again by e-mail and records it under the same id. A
 * replay under the same Idempotency-Key is answered from the idempotency record without the provider.
 * After a change the identity is made to follow the user of record (role, e-mail, name; disabled and
 * signed out, or enabled); a provider failure then answers IdentityProviderUnavailableError although
 * the change is recorded, and the same PATCH sent again converges the provider. The API itself never
 * trusts the provider for this: the HTTP edge refuses a deactivated user and takes the role from the
 * log (functions/http/auth.ts).
 */
export const peopleService = (dependencies: ApplicationDependencySource, directory: () => UserDirectory) => {
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

  /**
   * The address an update would record, when it changes the user's: undefined when it keeps it, and when
   * the command itself will refuse (a replay, 404, 412, 403, 422, a domain conflict) — the provider is
   * asked nothing then, and the command answers as it always does.
   */
  const changedEmail = async (context: CommandContext, userId: string, input: UpdateUserInput, options: CommandOptions): Promise<string | undefined> => {
    if (input.email === undefined) return undefined;
    const { eventStore, now } = dependencies();
    const { actor } = context;
    try {
      if (options.idempotency && (await eventStore.readIdempotency(actor.tenant, options.idempotency.key, now()))) return undefined;
      const { state, version } = await loadState(eventStore, actor.tenant, 'user', userId, userDecider);
      if (state === null || (options.expectedVersion !== undefined && options.expectedVersion !== version)) return undefined;
      const events = userDecider.decide({ type: 'UpdateUser', data: input }, state, { actor, now: now() });
      const changed = events.find((event) => event.type === 'UserProfileChanged');
      return changed?.type === 'UserProfileChanged' ? changed.data.changes.email : undefined;
    } catch {
      return undefined;
    }
  };

  return {
    registerUser: async (context: CommandContext, input: RegisterUserInput, options: Omit<CommandOptions, 'expectedVersion'> = {}) => {
      const { eventStore, newId, now } = dependencies();
      const { actor } = context;
      const command = (userId: string): UserCommand => ({ type: 'RegisterUser', data: { userId, ...input } });
      const replay = options.idempotency ? await eventStore.readIdempotency(actor.tenant, options.idempotency.key, now()) : null;
      // Answered (or refused as a reused key) from the idempotency record: the provider is not asked again.
      // Under the recorded user's id, so that a record expiring between the two reads is a conflict, not a user without identity.
      if (replay) {
        const id = (typeof replay.result === 'object' && replay.result !== null ? replayedRecordId(replay.result) : null) ?? newId();
        return userCommand(context, id, command(id), { ...options, create: true });
      }
      // Refuse a non-administrator, bad input and a taken e-mail before anything exists at the provider.
      const [registered] = userDecider.decide(command('pending'), null, { actor, now: now() });
      const { email, name } = (registered as Extract<typeof registered, { type: 'UserRegistered' }>).data;
      const owner = await eventStore.readClaim(actor.tenant, userEmailScope, email);
      if (owner) throw new UniqueKeyTakenError(userEmailScope, email, owner);
      const { userId } = await inDirectory(() => directory().create({ tenant: actor.tenant, email, name, role: input.role }));
      return userCommand(context, userId, command(userId), { ...options, create: true });
    },
    updateUser: async (context: CommandContext, userId: string, input: UpdateUserInput, options: CommandOptions = {}) => {
      // A new address must be free at the provider BEFORE the log says it: refused after the commit, the
      // change would be saved, answered 409, and never converge.
      const email = await changedEmail(context, userId, input, options);
      if (email !== undefined) {
        // Another user of the tenant first (409 naming the owner, as the commit's claim would), then the provider.
        const owner = await dependencies().eventStore.readClaim(context.actor.tenant, userEmailScope, email);
        if (owner && owner !== userId) throw new UniqueKeyTakenError(userEmailScope, email, owner);
        if (!(await inDirectory(() => directory().emailAvailableTo(userId, email)))) throw emailTaken(new DirectoryEmailTakenError());
      }
      const outcome = await userCommand(context, userId, { type: 'UpdateUser', data: input }, options);
      const { record } = outcome.result;
      try {
        await directory().follow({ userId, email: record.email, name: record.name, role: record.role, active: record.active });
      } catch (error) {
        // The change is recorded (and the API already enforces it); only the sign-in identity lags. Never a
        // 4xx now: the same change sent again (without If-Match) makes the provider follow.
        if (error instanceof IdentityProviderUnavailableError) throw error;
        throw new IdentityProviderUnavailableError('the change is saved, but the sign-in identity could not follow it; send it again', { cause: error });
      }
      return outcome;
    },
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
