import { z } from 'zod';
import { defineEvent, type EventOf } from '../define.ts';

const source = 'cronaca.administration';

/** Groups (teams) of a tenant's users: work can be assigned to a group, a group's calendar shows its members. */

export const GroupCreated = defineEvent({
  type: 'GroupCreated',
  version: 1,
  source,
  description: 'An administrator created a group, possibly with its first members.',
  schema: z.strictObject({ groupId: z.string(), name: z.string(), members: z.array(z.string()) }),
});

export const GroupRenamed = defineEvent({
  type: 'GroupRenamed',
  version: 1,
  source,
  description: 'A group got a new name.',
  schema: z.strictObject({ groupId: z.string(), name: z.string() }),
});

export const GroupMembersChanged = defineEvent({
  type: 'GroupMembersChanged',
  version: 1,
  source,
  description: 'Users joined and/or left a group.',
  schema: z.strictObject({ groupId: z.string(), added: z.array(z.string()), removed: z.array(z.string()) }),
});

export const groupEvents = [GroupCreated, GroupRenamed, GroupMembersChanged] as const;

export type GroupEvent = EventOf<(typeof groupEvents)[number]>;
