import { defineContext } from '../context-definition.ts';
import { metaRoutes } from '../http/meta-routes.ts';

/** Platform: not a business context, the plumbing every context shares — health, the OpenAPI document and docs page, and the two readers of the events-table stream (projector, publisher). It appends no events and keeps no read model of its own. */
export const platformContext = defineContext({
  name: 'platform',
  events: [],
  functions: {
    metaApi: {
      id: 'MetaApi',
      entry: 'functions/http/meta.ts',
      kind: 'http',
      description: 'Health, OpenAPI document and API docs page',
      memorySize: 512,
      timeoutSeconds: 5,
      // Health, OpenAPI, docs: no data access at all.
    },
    projector: {
      id: 'Projector',
      entry: 'functions/streams/project.ts',
      kind: 'stream',
      description: 'Projects events from the events table stream into the read models',
      memorySize: 1024,
      timeoutSeconds: 60,
      // Stream -> read models; may load an aggregate's events (gap filling).
      access: { events: 'read', readModels: 'project' },
    },
    publisher: {
      id: 'Publisher',
      entry: 'functions/streams/publish.ts',
      kind: 'stream',
      description: 'Publishes every event from the events table stream to the EventBridge bus',
      memorySize: 512,
      timeoutSeconds: 60,
      // Stream -> EventBridge.
      access: { publish: true },
    },
  },
  routes: [...metaRoutes],
  projections: [],
  busRules: [],
});
