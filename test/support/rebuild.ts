import { expect } from 'vitest';
import { eventually, type apiClient } from './http-client.ts';

/**
 * Rebuilds the token's tenant over HTTP as a client does: `POST /v1/admin/projections/rebuild` (202),
 * then `GET` its Location until the job ended; returns the completed job.
 */
export const rebuildTenant = async (api: ReturnType<typeof apiClient>, token: string) => {
  const started = await api.post('/v1/admin/projections/rebuild', token);
  expect(started.status, started.text).toBe(202);
  const location = started.headers.get('location');
  expect(location).toBe(`/v1/admin/projections/rebuild/${started.body.id}`);
  const job = await eventually(async () => {
    const response = await api.get(location!, token);
    expect(response.status, response.text).toBe(200);
    expect(['completed', 'failed']).toContain(response.body.status);
    return response.body;
  }, 60_000);
  expect(job, 'the rebuild failed').toMatchObject({ status: 'completed' });
  return job as { progress: { aggregates: number; events: number; itemsWritten: number; itemsChecked: number; itemsDeleted: number } };
};
