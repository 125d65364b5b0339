import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime, SystemLogLevel, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat, SourceMapMode, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { BuildOptions } from 'esbuild';
import { nodeOptionsOf, type FunctionDefinition } from '../../contract/functions.ts';
import { resourceEnv } from '../../contract/tables.ts';
import { ChromiumLayer } from './chromium-layer.ts';
import { acknowledge } from './nag.ts';
import { kebab } from './table.ts';

/** The repository root: entries in `contract/functions.ts` are relative to it. */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
export const depsLockFilePath = join(projectRoot, 'package-lock.json');

export const lambdaRuntime = Runtime.NODEJS_24_X;
/** Graviton: cheaper per GB-s. A definition may ask for x86_64 (`architecture`: the Chromium renderer). */
export const lambdaArchitecture = Architecture.ARM_64;

/** `@sparticuz/chromium` needs at least this much memory (its documentation: 1.6 GB). */
export const chromiumMinimumMemoryMb = 1600;

/** The processor a definition asks for (the contract's `architecture`), else `fallback`. */
export const architectureOf = (definition: FunctionDefinition, fallback: Architecture = lambdaArchitecture): Architecture =>
  definition.architecture === 'x86_64' ? Architecture.X86_64 : definition.architecture === 'arm64' ? Architecture.ARM_64 : fallback;

/**
 * ESM bundles have no `require`; some CommonJS dependencies call it (e.g. for `node:` built-ins).
 * The alias avoids clashing with a module that imports `createRequire` itself.
 */
export const esmRequireBanner =
  "import { createRequire as __cronacaCreateRequire } from 'node:module'; const require = __cronacaCreateRequire(import.meta.url);";

const bundleTarget = 'node24';
const bundleMainFields = ['module', 'main'];

/**
 * The esbuild settings every Lambda bundle uses, as plain esbuild options, so `bench/` can bundle the
 * same entries exactly like the deployed ones (`esbuild.build({ ...esbuildOptions, entryPoints, outdir })`).
 */
export const esbuildOptions: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: bundleTarget,
  mainFields: bundleMainFields,
  banner: { js: esmRequireBanner },
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  outExtension: { '.js': '.mjs' },
};

/** The same settings for CDK's `NodejsFunction` (local esbuild, never Docker; the AWS SDK is bundled). */
export const lambdaBundling: BundlingOptions = {
  format: OutputFormat.ESM,
  target: bundleTarget,
  mainFields: bundleMainFields,
  banner: esmRequireBanner,
  minify: true,
  sourceMap: true,
  sourceMapMode: SourceMapMode.DEFAULT,
  sourcesContent: false,
  // Bundle the SDK: the version the tests ran against, tree-shaken, instead of the runtime's copy.
  bundleAwsSDK: true,
  forceDockerBundling: false,
  logLevel: LogLevel.WARNING,
};

/** Left out of a `chromium: true` function's bundle: the layer ships them. */
export const chromiumExternalModules = ['@sparticuz/chromium'];

export interface CronacaFunctionProps {
  readonly definition: FunctionDefinition;
  readonly stage: string;
  /** Resource names, published to every function under the `resourceEnv` variable names. */
  readonly resources: { readonly [K in keyof typeof resourceEnv]: string };
  readonly removalPolicy: RemovalPolicy;
  readonly logRetention?: RetentionDays;
  /** The processor when the definition names none (default arm64). */
  readonly architecture?: Architecture;
  /** Override of the repository root (tests only). */
  readonly projectRoot?: string;
  /** Apply the definition's `reservedConcurrency` (default true; false for accounts whose quota cannot spare it). */
  readonly reserveConcurrency?: boolean;
}

/**
 * A Lambda function built from a `contract/functions.ts` definition: its own role (no AWS managed
 * policy) that may only write to its own log group, JSON logs, active tracing, ESM bundle.
 * Data access is granted by the capability constructs (`EventStore.grantAppend(fn)`, …).
 */
export class CronacaFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly definition: FunctionDefinition;
  /** The Chromium layer, for a `chromium: true` definition. */
  readonly chromiumLayer: ChromiumLayer | undefined;

  constructor(scope: Construct, id: string, props: CronacaFunctionProps) {
    super(scope, id);
    const { definition } = props;
    const root = props.projectRoot ?? projectRoot;
    this.definition = definition;

    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      removalPolicy: props.removalPolicy,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${definition.id} (${props.stage})`,
    });
    // Instead of AWSLambdaBasicExecutionRole (logs:* on every log group): this function's group only.
    this.logGroup.grantWrite(this.role);

    const environment: Record<string, string> = {
      POWERTOOLS_SERVICE_NAME: `cronaca-${kebab(definition.id)}`,
      POWERTOOLS_METRICS_NAMESPACE: 'Cronaca',
      CRONACA_STAGE: props.stage,
      NODE_OPTIONS: nodeOptionsOf(definition),
    };
    for (const [resource, variable] of Object.entries(resourceEnv) as [keyof typeof resourceEnv, string][]) {
      environment[variable] = props.resources[resource];
    }

    const architecture = architectureOf(definition, props.architecture);
    if (definition.chromium) {
      // Fail the synth, not the first render: the layer's Chromium is an x86_64 build, and it needs the memory.
      if (architecture !== Architecture.X86_64) throw new Error(`${definition.id}: a chromium function must be x86_64 (@sparticuz/chromium's binary)`);
      if (definition.memorySize < chromiumMinimumMemoryMb) throw new Error(`${definition.id}: a chromium function needs at least ${chromiumMinimumMemoryMb} MB`);
    }
    this.chromiumLayer = definition.chromium ? ChromiumLayer.of(this, { projectRoot: root, runtime: lambdaRuntime }) : undefined;

    this.function = new NodejsFunction(this, 'Function', {
      description: definition.description,
      entry: join(root, definition.entry),
      handler: 'handler',
      projectRoot: root,
      depsLockFilePath: join(root, 'package-lock.json'),
      runtime: lambdaRuntime,
      architecture,
      memorySize: definition.memorySize,
      timeout: Duration.seconds(definition.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      tracing: Tracing.ACTIVE,
      environment,
      bundling: definition.chromium
        ? // Chromium comes from the layer (/opt/nodejs/node_modules); puppeteer-core is bundled as usual.
          { ...lambdaBundling, externalModules: chromiumExternalModules }
        : lambdaBundling,
      ...(this.chromiumLayer ? { layers: [this.chromiumLayer.layer] } : {}),
      ...(definition.reservedConcurrency !== undefined && (props.reserveConcurrency ?? true)
        ? { reservedConcurrentExecutions: definition.reservedConcurrency }
        : {}),
    });

    acknowledge(
      this.role,
      'AwsSolutions-IAM5[Resource::*]',
      'Only actions without resource-level permissions get `*`: xray:PutTraceSegments/PutTelemetryRecords (active tracing) and, for stream consumers, dynamodb:ListStreams. test/infra asserts that no other action is ever granted on `*`.',
    );
  }
}
