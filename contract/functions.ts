/**
 * The Lambda functions, defined once: `infra/` creates them, `local/` imports the same entry modules
 * and invokes their `handler` export, `bench/` bundles them with the same options.
 */
/**
 * `scheduled`: invoked on a fixed rate (an EventBridge rule in AWS, a timer in `npm start`).
 * `bus`: invoked by a rule on the integration bus (`contract/bus-rules.ts`; in `npm start` the local
 * bus dispatches in-process).
 * `queue`: fed by an SQS queue (in `npm start`, an in-process queue).
 */
export type FunctionKind = 'http' | 'stream' | 'scheduled' | 'bus' | 'queue';

export interface FunctionDefinition {
  /** Logical id in CDK. */
  readonly id: string;
  /** Entry module, relative to the project root; it exports `handler`. */
  readonly entry: string;
  readonly kind: FunctionKind;
  readonly description: string;
  readonly memorySize: number;
  /**
   * V8's heap limits in MB, for long batch runs. Without them V8 sizes the heap from the machine's
   * memory and lets garbage pile up to hundreds of MB before collecting, so a run's memory says
   * nothing about what it keeps; with them, memory stays near what the run really holds, and a leak
   * fails the run instead of growing. The young generation is set too: V8 otherwise scales it down
   * with the old-space limit (1 MB semi-spaces at 128 MB), and a job that makes garbage at every
   * row then spends a fifth of its time collecting (bench/RESULTS.md).
   */
  readonly heap?: { readonly oldSpaceMegabytes: number; readonly semiSpaceMegabytes: number };
  readonly timeoutSeconds: number;
  /** For `scheduled` functions: how often they run in AWS (the local cloud runs them every minute). */
  readonly schedule?: { readonly rateMinutes: number };
}

export const functions = {
  supportApi: {
    id: 'SupportApi',
    entry: 'functions/http/support.ts',
    kind: 'http',
    description: 'HTTP API of the support context: tickets',
    memorySize: 1024,
    timeoutSeconds: 10,
  },
  directoryApi: {
    id: 'DirectoryApi',
    entry: 'functions/http/directory.ts',
    kind: 'http',
    description: 'HTTP API of the directory context: companies, contacts, leads',
    memorySize: 1024,
    timeoutSeconds: 10,
  },
  activitiesApi: {
    id: 'ActivitiesApi',
    entry: 'functions/http/activities.ts',
    kind: 'http',
    description: 'HTTP API of activities: activities, calendar, free/busy, to-do',
    memorySize: 1024,
    timeoutSeconds: 10,
  },
  adminApi: {
    id: 'AdminApi',
    entry: 'functions/http/admin.ts',
    kind: 'http',
    description: 'HTTP API of administration: users, groups, tenant settings, projection rebuild jobs',
    memorySize: 1024,
    timeoutSeconds: 10,
  },
  importsApi: {
    id: 'ImportsApi',
    entry: 'functions/http/imports.ts',
    kind: 'http',
    description: 'HTTP API of imports and exports: templates, start (upload URL or pasted text), status, rejected rows, revert; exports and their download links',
    memorySize: 1024,
    timeoutSeconds: 10,
  },
  metaApi: {
    id: 'MetaApi',
    entry: 'functions/http/meta.ts',
    kind: 'http',
    description: 'Health, OpenAPI document and API docs page',
    memorySize: 512,
    timeoutSeconds: 5,
  },
  projector: {
    id: 'Projector',
    entry: 'functions/streams/project.ts',
    kind: 'stream',
    description: 'Projects events from the events table stream into the read models',
    memorySize: 1024,
    timeoutSeconds: 60,
  },
  publisher: {
    id: 'Publisher',
    entry: 'functions/streams/publish.ts',
    kind: 'stream',
    description: 'Publishes every event from the events table stream to the EventBridge bus',
    memorySize: 512,
    timeoutSeconds: 60,
  },
  activityRelinker: {
    id: 'ActivityRelinker',
    entry: 'functions/bus/relink-activities.ts',
    kind: 'bus',
    description: "Moves a converted lead's open activities to the contact it became (ActivityRelinked)",
    memorySize: 512,
    timeoutSeconds: 60,
  },
  sendReminders: {
    id: 'SendReminders',
    entry: 'functions/scheduled/send-reminders.ts',
    kind: 'scheduled',
    description: 'E-mails due activity reminders and the 07:30 daily digests, each exactly once',
    memorySize: 1024,
    // Below the delivery lease (15 min, functions/scheduled/reminders/run-reminder-job.ts): a claim
    // older than the lease can only belong to a run that is no longer alive.
    timeoutSeconds: 240,
    schedule: { rateMinutes: 5 },
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
  },
} as const satisfies Record<string, FunctionDefinition>;

export type FunctionName = keyof typeof functions;

/** The `NODE_OPTIONS` a function runs with, in AWS and in the benches that measure it. */
export const nodeOptionsOf = (definition: FunctionDefinition): string => {
  const { heap } = definition;
  const limits = heap ? [`--max-old-space-size=${heap.oldSpaceMegabytes}`, `--max-semi-space-size=${heap.semiSpaceMegabytes}`] : [];
  return ['--enable-source-maps', ...limits].join(' ');
};
