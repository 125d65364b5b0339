import type { Group } from '../../domain/access/group.ts';
import type { User } from '../../domain/access/user.ts';

/** A user as readers see it (the HTTP contract's `User`, contract/http/people.ts). */
export const userView = (user: User, version: number) => ({
  id: user.id,
  name: user.name,
  email: user.email,
  timezone: user.timezone,
  locale: user.locale,
  role: user.role,
  active: user.active,
  registeredAt: user.registeredAt,
  updatedAt: user.updatedAt,
  version,
});

/** A group as readers see it (the HTTP contract's `Group`). */
export const groupView = (group: Group, version: number) => ({
  id: group.id,
  name: group.name,
  members: group.members,
  createdAt: group.createdAt,
  updatedAt: group.updatedAt,
  version,
});
