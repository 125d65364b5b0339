import { describe, it } from 'vitest';
import { groupDecider, type GroupCommand } from '../../../domain/access/group.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { GroupEvent } from '../../../events/administration/group-events.ts';
import { deciderSpec, type GivenEvent } from '../../support/decider-spec.ts';

const now = '2026-03-10T09:00:00.000Z';
const actor = (userId: string, role: Actor['role']): Actor => ({ tenant: 'acme', userId, role, groups: [] });
const spec = deciderSpec(groupDecider, { actor: actor('ada', 'admin'), now });

const users = ['olga', 'tom', 'rita'];
const create = (data: Partial<Extract<GroupCommand, { type: 'CreateGroup' }>['data']> = {}): GroupCommand => ({
  type: 'CreateGroup',
  data: { groupId: 'support', name: 'Support', members: ['olga'], knownUsers: users, ...data },
});
const update = (data: Partial<Extract<GroupCommand, { type: 'UpdateGroup' }>['data']>): GroupCommand => ({
  type: 'UpdateGroup',
  data: { knownUsers: users, ...data },
});
const created: GivenEvent<GroupEvent> = { type: 'GroupCreated', data: { groupId: 'support', name: 'Support', members: ['olga', 'tom'] } };

describe('creating a group', () => {
  it('records name and members, without duplicates', () => {
    spec
      .when(create({ name: ' Support ', members: ['olga', 'tom', 'olga'] }))
      .then([created])
      .andState({ id: 'support', members: ['olga', 'tom'], createdAt: now });
  });

  it('refuses members that are not users of the tenant, naming them', () => {
    spec.when(create({ members: ['olga', 'ghost'] })).thenThrows('invalid', { path: 'members', message: 'ghost' });
  });

  it('refuses a blank name', () => {
    spec.when(create({ name: ' ' })).thenThrows('invalid', { path: 'name' });
  });

  it('is for administrators only', () => {
    spec.as(actor('tom', 'manager')).when(create()).thenThrows('forbidden');
  });

  it('refuses an id that exists', () => {
    spec.given([created]).when(create()).thenThrows('conflict');
  });
});

describe('changing a group', () => {
  it('renames and adds and removes members in one change', () => {
    spec
      .given([created])
      .when(update({ name: 'Help desk', addMembers: ['rita', 'olga'], removeMembers: ['tom', 'nobody'] }))
      .then([
        { type: 'GroupRenamed', data: { groupId: 'support', name: 'Help desk' } },
        { type: 'GroupMembersChanged', data: { groupId: 'support', added: ['rita'], removed: ['tom'] } },
      ])
      .andState({ name: 'Help desk', members: ['olga', 'rita'] });
  });

  it('changes nothing when nothing differs', () => {
    spec.given([created]).when(update({ name: 'Support', addMembers: ['olga'], removeMembers: ['rita'] })).thenNothing();
  });

  it('refuses adding an unknown user, and adding and removing the same one', () => {
    spec.given([created]).when(update({ addMembers: ['ghost'] })).thenThrows('invalid', { path: 'addMembers', message: 'ghost' });
    spec.given([created]).when(update({ addMembers: ['rita'], removeMembers: ['rita'] })).thenThrows('invalid', { path: 'removeMembers' });
  });

  it('is for administrators only, and refuses an unknown group', () => {
    spec.as(actor('olga', 'standard')).given([created]).when(update({ name: 'Mine' })).thenThrows('forbidden');
    spec.when(update({ name: 'X' })).thenThrows('not_found');
  });
});
