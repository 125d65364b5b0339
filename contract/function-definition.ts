/**
 * The shape of a Lambda function, apart from the function list (`functions.ts`): the context modules
 * (`contract/contexts/`) declare their functions with it and the list is derived from them, so no
 * context module imports the list — no import circle.
 *
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
  /**
   * The processor (default `arm64`, Graviton). `x86_64` where a binary needs it: `@sparticuz/chromium`
   * ships Chromium for x86_64 (and arm64 only from other builds), the reports render with it.
   */
  readonly architecture?: 'arm64' | 'x86_64';
  /**
   * Headless Chromium (`@sparticuz/chromium`, driven by `puppeteer-core`): kept OUT of the bundle and
   * shipped as a layer (infra), decompressed to /tmp on the first launch. Needs ≥ 1.6 GB of memory.
   */
  readonly chromium?: boolean;
  /** For `scheduled` functions: how often they run in AWS (the local cloud runs them every minute). */
  readonly schedule?: { readonly rateMinutes: number };
  /** The data it may touch; without it, none (`infra/` grants exactly this, least privilege). */
  readonly access?: FunctionAccess;
  /**
   * Reserved concurrency, for a function one runaway job could otherwise scale until it starves the
   * API (the account's concurrency is shared by every function of every stage). It is both a floor
   * (these instances are always available to it) and a ceiling (never more). A `queue` function's
   * event source takes at most this many messages at once (`maxConcurrency`): more pollers than
   * instances would be throttled and their messages counted as receives toward the dead-letter queue.
   * infra/ leaves it out when the stack is told the account has too small a quota (`reserveConcurrency`).
   */
  readonly reservedConcurrency?: number;
}

/**
 * The data a function may touch, declared with the function so that `infra/` grants it without an
 * edit per function. What goes beyond (a job queue, the reminders' mail sender and delivery claims,
 * a rebuild's scans) is a capability construct of its own, wired by name in `infra/cronaca-stack.ts`.
 */
export interface FunctionAccess {
  /** The events table: `read` loads aggregates and histories; `append` also commits (counters, claims, idempotency records). */
  readonly events?: 'read' | 'append';
  /** With `append`: `DeleteItem` on unique-key claims (a changed VAT number or e-mail releases its claim). */
  readonly releaseClaims?: boolean;
  /** With `append`: `DeleteItem` on lookup items (a changed name or e-mail moves them). */
  readonly maintainLookups?: boolean;
  /**
   * With `events: 'read'`: a function that only ever writes its own item kinds appends to these only —
   * `PutItem` on `<tenant>#<aggregate type>#*` streams and `<tenant>#$sequence#<name>` sequences whose
   * names start with one of `sequencePrefixes`, each a `dynamodb:LeadingKeys` condition — instead of
   * `append` on any key (no unique claims, lookups or idempotency records, no `ConditionCheckItem`).
   */
  readonly appendOnlyTo?: { readonly streams: readonly string[]; readonly sequencePrefixes?: readonly string[] };
  /** The read models: `query` reads the table and its indexes, `project` also writes them. */
  readonly readModels?: 'query' | 'project';
  /** Contact avatars in the drop bucket: get and put under each tenant's `avatars` prefix only. */
  readonly avatars?: boolean;
  /** Put events on the integration bus. */
  readonly publish?: boolean;
}

/** The `NODE_OPTIONS` a function runs with, in AWS and in the benches that measure it. */
export const nodeOptionsOf = (definition: FunctionDefinition): string => {
  const { heap } = definition;
  const limits = heap ? [`--max-old-space-size=${heap.oldSpaceMegabytes}`, `--max-semi-space-size=${heap.semiSpaceMegabytes}`] : [];
  return ['--enable-source-maps', ...limits].join(' ');
};
