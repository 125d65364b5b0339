import type { EventStorePort } from '../ports/event-store.ts';
import { projectionRebuildDecider, type ProjectionRebuild } from '../../domain/access/projection-rebuild.ts';
import type { RebuildEvent } from '../../events/administration/rebuild-events.ts';
import { recorded } from '../shared/recorded.ts';

/** The aggregate type of rebuild jobs: `<tenant>#projection-rebuild#<id>` in the events table. */
export const rebuildAggregate = 'projection-rebuild';

/** A rebuild job folded from its stream (strongly consistent), with the stream's version. */
export const loadRebuild = async (store: EventStorePort, tenant: string, jobId: string): Promise<{ job: ProjectionRebuild | null; version: number }> => {
  const { events, version } = await store.load(tenant, rebuildAggregate, jobId);
  const job = events.reduce((state, event) => projectionRebuildDecider.evolve(state, recorded<RebuildEvent>(event)), projectionRebuildDecider.initialState);
  return { job, version };
};
