/** The four permission levels (MiniCRM): admin > manager > standard > restricted. */
export const roles = ['admin', 'manager', 'standard', 'restricted'] as const;
export type Role = (typeof roles)[number];

/** The authenticated user a command or query runs for. Tenant, role and groups come from the token. */
export interface Actor {
  readonly tenant: string;
  readonly userId: string;
  readonly role: Role;
  readonly groups: readonly string[];
}
