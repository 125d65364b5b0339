import { groupEvents } from '../../events/administration/group-events.ts';
import { rebuildEvents } from '../../events/administration/rebuild-events.ts';
import { settingsEvents } from '../../events/administration/settings-events.ts';
import { userEvents } from '../../events/administration/user-events.ts';
import { groupProfileProjection, userProfileProjection } from '../../projections/administration/people.ts';
import { defineContext } from '../context-definition.ts';
import { adminRoutes } from '../http/admin-routes.ts';

/** Administration: users, groups, tenant settings, projection rebuild jobs (API.md "Administration"). */
export const administrationContext = defineContext({
  name: 'administration',
  events: [...userEvents, ...groupEvents, ...settingsEvents, ...rebuildEvents],
  functions: {
    adminApi: {
      id: 'AdminApi',
      entry: 'functions/http/admin.ts',
      kind: 'http',
      description: 'HTTP API of administration: users, groups, tenant settings, projection rebuild jobs',
      memorySize: 1024,
      timeoutSeconds: 10,
      // Users, groups, settings and rebuild requests are commands on the log (a changed e-mail releases
      // its claim); the people lists come from the read models. Rebuilds run in projectionRebuilder.
      access: { events: 'append', releaseClaims: true, readModels: 'query' },
    },
    projectionRebuilder: {
      id: 'ProjectionRebuilder',
      entry: 'functions/queue/rebuild-projections.ts',
      kind: 'queue',
      description: "Rebuilds a tenant's read models from the events table (POST /v1/admin/projections/rebuild), continuing from checkpoints",
      memorySize: 1024,
      // A run stops at a page boundary with a minute left, records its checkpoint and queues its
      // continuation; the queue's visibility timeout must exceed this.
      timeoutSeconds: 900,
      // Its access (scan the log, its own job streams, write and sweep the read models, the queue) is
      // infra's ProjectionRebuilds.
      // Rebuilds at once, at most (the event source's minimum, 2): each scans the events table and
      // writes the read models as fast as they take it, which the API's reads and the projections share.
      reservedConcurrency: 2,
    },
  },
  routes: [...adminRoutes],
  projections: [userProfileProjection, groupProfileProjection],
  busRules: [],
});
