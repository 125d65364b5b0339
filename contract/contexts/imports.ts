import { exportEvents } from '../../events/exports/export-events.ts';
import { importEvents } from '../../events/imports/import-events.ts';
import { importListProjection } from '../../projections/imports/import-list.ts';
import { defineContext } from '../context-definition.ts';
import { exportRoutes } from '../http/export-routes.ts';
import { importRoutes } from '../http/import-routes.ts';

/** Imports and exports: CSV templates, import jobs (upload, paste, drop folder), rejected rows, revert; exports (API.md "Imports"). */
export const importsContext = defineContext({
  name: 'imports',
  events: [...importEvents, ...exportEvents],
  functions: {
    importsApi: {
      id: 'ImportsApi',
      entry: 'functions/http/imports.ts',
      kind: 'http',
      description: 'HTTP API of imports and exports: templates, start (upload URL or pasted text), status, rejected rows, revert; exports and their download links',
      memorySize: 1024,
      timeoutSeconds: 10,
      // The API requests jobs (log), reads the caller's locale from the people read model; presigned
      // uploads and downloads and the queue are granted by infra's ImportJobs.
      access: { events: 'append', readModels: 'query' },
    },
    importWorker: {
      id: 'ImportWorker',
      entry: 'functions/queue/import-worker.ts',
      kind: 'queue',
      description: 'Runs import and export jobs from the import queue (drop-folder notifications, API starts, continuations)',
      memorySize: 1024,
      // An import run holds a chunk of rows and the job's counts, an export a page of records (its upload
      // parts are buffers outside the heap): about 30 MB live at any file size (bench/RESULTS.md).
      heap: { oldSpaceMegabytes: 128, semiSpaceMegabytes: 16 },
      // A run stops at a checkpoint with a minute left and queues its continuation; the queue's
      // visibility timeout must exceed this.
      timeoutSeconds: 900,
      // Rows run the directory's commands (claims released by updates and reverts, lookups moved), matches
      // and export pages come from the read models; queue and bucket in infra's ImportJobs.
      access: { events: 'append', releaseClaims: true, maintainLookups: true, readModels: 'query' },
      // Imports of every tenant at once, at most: each run writes through the directory's commands as
      // fast as DynamoDB takes them, so more runs would take write capacity and concurrency from the
      // API. Jobs are sliced (contract/job-limits.ts) and tenant-grouped, so tenants take turns.
      reservedConcurrency: 10,
    },
  },
  routes: [...importRoutes, ...exportRoutes],
  projections: [importListProjection],
  busRules: [],
});
