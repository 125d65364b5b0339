import { roles, type Role } from '../domain/shared/actor.ts';

/**
 * OAuth 2.0 scopes of API clients: one Cognito resource server, `cronaca`, with one custom scope per
 * role (`cronaca/role.admin` …). An API client's app client may request only its role's scope, so its
 * access tokens say which role they were issued for; the HTTP edge also checks that scope against the
 * client's current grant (docs/api-clients.md). The local issuer uses the same names.
 */
export const apiResourceServer = 'cronaca';

export const roleScopeName = (role: Role): string => `role.${role}`;

/** `cronaca/role.manager` */
export const roleScope = (role: Role): string => `${apiResourceServer}/${roleScopeName(role)}`;

export const roleScopes: readonly string[] = roles.map(roleScope);

/** The role a scope grants, if it is a role scope. */
export const roleOfScope = (scope: string): Role | undefined => roles.find((role) => roleScope(role) === scope);
