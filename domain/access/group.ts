import type { GroupEvent } from '../../events/administration/group-events.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { conflict, invalid, notFound } from '../shared/errors.ts';
import { assertAdministrator } from './administration.ts';
import { nameOf } from './profile-rules.ts';

export interface Group {
  readonly id: string;
  readonly name: string;
  readonly members: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type GroupState = Group | null;

export type GroupCommand =
  | { type: 'CreateGroup'; data: { groupId: string; name: string; members: readonly string[]; knownUsers: readonly string[] } }
  | {
      type: 'UpdateGroup';
      data: { name?: string; addMembers?: readonly string[]; removeMembers?: readonly string[]; knownUsers: readonly string[] };
    };

/**
 * `knownUsers`: which of the members being added are registered users of the tenant. The handler
 * looks them up (strongly consistent, from their streams) and passes them in; the decider stays pure.
 */

const maxMembers = 500;

const unique = (ids: readonly string[]): string[] => [...new Set(ids.map((id) => id.trim()).filter((id) => id !== ''))];

const checkKnown = (path: string, ids: readonly string[], knownUsers: readonly string[]): void => {
  const unknown = ids.filter((id) => !knownUsers.includes(id));
  if (unknown.length > 0) throw invalid(path, `not users of this tenant: ${unknown.join(', ')}`);
};

export const decide = (command: GroupCommand, state: GroupState, context: DecisionContext): GroupEvent[] => {
  assertAdministrator(context.actor);
  switch (command.type) {
    case 'CreateGroup': {
      if (state !== null) throw conflict('group already exists');
      const members = unique(command.data.members);
      checkKnown('members', members, command.data.knownUsers);
      if (members.length > maxMembers) throw invalid('members', `at most ${maxMembers} members`);
      return [{ type: 'GroupCreated', data: { groupId: command.data.groupId, name: nameOf('name', command.data.name, 100), members } }];
    }
    case 'UpdateGroup': {
      if (state === null) throw notFound('group not found');
      const { name, addMembers = [], removeMembers = [] } = command.data;
      const adding = unique(addMembers);
      const removing = unique(removeMembers);
      const both = adding.filter((id) => removing.includes(id));
      if (both.length > 0) throw invalid('removeMembers', `cannot both add and remove ${both.join(', ')}`);
      const added = adding.filter((id) => !state.members.includes(id));
      checkKnown('addMembers', added, command.data.knownUsers);
      const removed = removing.filter((id) => state.members.includes(id));
      if (state.members.length + added.length - removed.length > maxMembers) throw invalid('addMembers', `at most ${maxMembers} members`);
      const events: GroupEvent[] = [];
      const renamed = name === undefined ? undefined : nameOf('name', name, 100);
      if (renamed !== undefined && renamed !== state.name) events.push({ type: 'GroupRenamed', data: { groupId: state.id, name: renamed } });
      if (added.length > 0 || removed.length > 0) events.push({ type: 'GroupMembersChanged', data: { groupId: state.id, added, removed } });
      return events;
    }
  }
};

export const membersAfter = (members: readonly string[], change: { readonly added: readonly string[]; readonly removed: readonly string[] }): string[] => [
  ...members.filter((id) => !change.removed.includes(id)),
  ...change.added,
];

export const evolve = (state: GroupState, event: Recorded<GroupEvent>): GroupState => {
  if (event.type === 'GroupCreated') {
    const { groupId, name, members } = event.data;
    return { id: groupId, name, members, createdAt: event.at, updatedAt: event.at };
  }
  if (state === null) return state;
  switch (event.type) {
    case 'GroupRenamed':
      return { ...state, name: event.data.name, updatedAt: event.at };
    case 'GroupMembersChanged':
      return { ...state, members: membersAfter(state.members, event.data), updatedAt: event.at };
  }
};

export const groupDecider: Decider<GroupCommand, GroupState, GroupEvent> = {
  initialState: null,
  decide,
  evolve,
};

export const canSeeGroup = (): boolean => true;
