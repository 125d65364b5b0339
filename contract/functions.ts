/**
 * The Lambda functions, defined once: `infra/` creates them, `local/` imports the same entry modules
 * and invokes their `handler` export, `bench/` bundles them with the same options.
 */
export type FunctionKind = 'http' | 'stream';

export interface FunctionDefinition {
  /** Logical id in CDK. */
  readonly id: string;
  /** Entry module, relative to the project root; it exports `handler`. */
  readonly entry: string;
  readonly kind: FunctionKind;
  readonly description: string;
  readonly memorySize: number;
  readonly timeoutSeconds: number;
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
  adminApi: {
    id: 'AdminApi',
    entry: 'functions/http/admin.ts',
    kind: 'http',
    description: 'HTTP API of administration: users, groups, tenant settings, projection rebuilds',
    memorySize: 1024,
    timeoutSeconds: 29,
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
} as const satisfies Record<string, FunctionDefinition>;

export type FunctionName = keyof typeof functions;
