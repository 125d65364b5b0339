import { roles } from '../../events/administration/value-lists.ts';

/** The four permission levels (MiniCRM): admin > manager > standard > restricted. */
export { roles };
export type Role = (typeof roles)[number];

/** The authenticated user a command or query runs for. Tenant, role and groups come from the token. */
export interface Actor {
  readonly tenant: string;
  readonly userId: string;
  readonly role: Role;
  readonly groups: readonly string[];
}
