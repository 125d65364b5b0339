import type { Role } from './identity.ts';

/**
 * The tenants and users of the local cloud. Tokens for them are printed by `npm start` and by
 * `npm run token -- <user> [--tenant <tenant>]`. A user's id (the token's `sub`) is its user name,
 * unique within its tenant.
 *
 * Groups in tenant `demo`:
 * - `admin`, `manager`, `standard`: `sales` and `support`
 * - `restricted`: `support` only (a restricted user sees only what its group or it owns)
 * Tenant `other` (for isolation checks) has one `admin` in both of its groups.
 */

export interface SeedGroup {
  readonly id: string;
  readonly name: string;
}

export interface SeedUser {
  readonly tenant: string;
  readonly userId: string;
  readonly role: Role;
  readonly groups: readonly string[];
  readonly name: string;
  readonly email: string;
  readonly timezone: string;
  readonly locale: 'it' | 'en';
}

export interface SeedTenant {
  readonly id: string;
  readonly name: string;
  readonly groups: readonly SeedGroup[];
  readonly users: readonly SeedUser[];
}

/** The default tenant of `npm run token`. */
export const defaultTenant = 'demo';

const groups: readonly SeedGroup[] = [
  { id: 'sales', name: 'Sales' },
  { id: 'support', name: 'Support' },
];

const user = (
  tenant: string,
  userId: string,
  role: Role,
  userGroups: readonly string[],
  name: string,
  locale: 'it' | 'en',
): SeedUser => ({
  tenant,
  userId,
  role,
  groups: userGroups,
  name,
  email: `${userId}@${tenant}.example.com`,
  timezone: 'Europe/Rome',
  locale,
});

export const seedTenants: readonly SeedTenant[] = [
  {
    id: 'demo',
    name: 'Demo S.r.l.',
    groups,
    users: [
      user('demo', 'admin', 'admin', ['sales', 'support'], 'Giulia Rossi', 'it'),
      user('demo', 'manager', 'manager', ['sales', 'support'], 'Marco Bianchi', 'it'),
      user('demo', 'standard', 'standard', ['sales', 'support'], 'Sara Conti', 'en'),
      user('demo', 'restricted', 'restricted', ['support'], 'Luca Ferri', 'it'),
    ],
  },
  {
    id: 'other',
    name: 'Altra S.p.A.',
    groups,
    users: [user('other', 'admin', 'admin', ['sales', 'support'], 'Anna Verdi', 'en')],
  },
];

export const seedUsers: readonly SeedUser[] = seedTenants.flatMap((tenant) => tenant.users);

export const findSeedUser = (tenant: string, userId: string): SeedUser | undefined =>
  seedUsers.find((candidate) => candidate.tenant === tenant && candidate.userId === userId);
