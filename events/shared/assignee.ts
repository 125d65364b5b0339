import { z } from 'zod';

/** Work is assigned to a single user or to a group of users (tickets, activities). */
export const Assignee = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('user'), userId: z.string().min(1) }),
  z.strictObject({ kind: z.literal('group'), groupId: z.string().min(1) }),
]);
export type Assignee = z.infer<typeof Assignee>;
