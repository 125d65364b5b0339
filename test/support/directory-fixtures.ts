import { expect } from 'vitest';
import { uniqueTenant } from './dynamo.ts';
import { registerUser } from './people.ts';
import type { apiClient } from './http-client.ts';
import type { LocalStack } from './local-stack.ts';

/**
 * A fresh tenant with an admin (ada), a standard user (olga) and a restricted user (rita). rita and tom
 * are registered users (records may name them as responsible, manager or owner: user ids are checked);
 * olga and ada are left to the tests that register them with their own profile (a token's own user
 * needs no registration to name themselves).
 */
export const tenantWith = async (stack: LocalStack, prefix: string, options: { colleagues?: boolean } = {}) => {
  const tenant = uniqueTenant(prefix);
  // Without colleagues the tenant has only the records a test writes (a rebuild counts aggregates).
  if (options.colleagues !== false) await Promise.all([registerUser(tenant, 'rita', { role: 'restricted' }), registerUser(tenant, 'tom')]);
  return {
    tenant,
    admin: await stack.token('ada', { tenant, role: 'admin', groups: [] }),
    olga: await stack.token('olga', { tenant, role: 'standard', groups: [] }),
    rita: await stack.token('rita', { tenant, role: 'restricted', groups: [] }),
  };
};

/** POSTs a record and expects it created (201); returns the record. */
export const created = async (api: ReturnType<typeof apiClient>, path: string, token: string, body: Record<string, unknown>) => {
  const response = await api.post(path, token, body);
  expect(response.status, response.text).toBe(201);
  return response.body;
};
