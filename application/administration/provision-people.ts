import { groupDecider } from '../../domain/access/group.ts';
import type { Locale } from '../../domain/access/people.ts';
import { userDecider, userUniqueKeys } from '../../domain/access/user.ts';
import type { Actor, Role } from '../../domain/shared/actor.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { ApplicationDependencies } from '../ports/application-dependencies.ts';
import { runCommand } from '../shared/command-runner.ts';

/**
 * Registers users and groups under ids chosen by the caller, through the same commands as
 * `/v1/users` and `/v1/groups`: the local cloud's seed (whose ids are the tokens' `sub`) and tests.
 * Idempotent: a user or group that already exists is left as it is.
 */

export interface ProvisionedUser {
  readonly userId: string;
  readonly name: string;
  readonly email: string;
  readonly timezone: string;
  readonly locale: Locale;
  readonly role: Role;
}

export interface ProvisionedGroup {
  readonly groupId: string;
  readonly name: string;
  /** Trusted as registered users (the caller provisions them first). */
  readonly members: readonly string[];
}

export type Provisioned = 'created' | 'existed';

/** Provisioning acts as an administrator of the tenant that is not a user of it. */
export const systemActor = (tenant: string): Actor => ({ tenant, userId: 'system:provisioning', role: 'admin', groups: [] });

/** What provisioning uses of the application's dependencies. */
type Provisioning = Pick<ApplicationDependencies, 'eventStore' | 'newId' | 'now'>;

const run = async (
  dependencies: Provisioning,
  tenant: string,
  go: (meta: { commandId: string; correlationId: string }, actor: Actor) => Promise<unknown>,
): Promise<Provisioned> => {
  const commandId = dependencies.newId();
  try {
    await go({ commandId, correlationId: commandId }, systemActor(tenant));
    return 'created';
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'conflict') return 'existed';
    throw error;
  }
};

/** Nothing to answer: provisioning keeps no idempotency record, and says only whether it created. */
const noResult = () => null;

export const provisionUser = (dependencies: Provisioning, tenant: string, user: ProvisionedUser): Promise<Provisioned> =>
  run(dependencies, tenant, (meta, actor) =>
    runCommand({
      store: dependencies.eventStore,
      decider: userDecider,
      actor,
      aggregateType: 'user',
      aggregateId: user.userId,
      command: { type: 'RegisterUser', data: user },
      uniqueKeys: userUniqueKeys,
      meta,
      now: dependencies.now,
      result: noResult,
    }),
  );

export const provisionGroup = (dependencies: Provisioning, tenant: string, group: ProvisionedGroup): Promise<Provisioned> =>
  run(dependencies, tenant, (meta, actor) =>
    runCommand({
      store: dependencies.eventStore,
      decider: groupDecider,
      actor,
      aggregateType: 'group',
      aggregateId: group.groupId,
      command: { type: 'CreateGroup', data: { ...group, knownUsers: group.members } },
      meta,
      now: dependencies.now,
      result: noResult,
    }),
  );
