import { expect } from 'vitest';
import { uniqueTenant } from './dynamo.ts';
import type { apiClient } from './http-client.ts';
import type { LocalStack } from './local-stack.ts';

/** A fresh tenant with an admin (ada), a standard user (olga) and a restricted user (rita). */
export const tenantWith = async (stack: LocalStack, prefix: string) => {
  const tenant = uniqueTenant(prefix);
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
