import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportQueueEnv } from '../../adapters/queue/report-queue.ts';
import { functions, type FunctionDefinition } from '../../contract/functions.ts';
import { maxReportAttempts } from '../../domain/reports/report-job.ts';
import { chromiumLayerPackages, reportFontFiles, resolveLayerPackages } from '../../infra/constructs/chromium-layer.ts';
import { chromiumMinimumMemoryMb, CronacaFunction, projectRoot } from '../../infra/constructs/functions.ts';
import { reportRenderConcurrency } from '../../infra/constructs/report-jobs.ts';
import { CronacaStack } from '../../infra/cronaca-stack.ts';
import { pdfText } from '../support/pdf-text.ts';
import { allowedActions, getAtt, logicalId, ref } from './helpers.ts';

/**
 * The report jobs in CDK: the renderer's queue, dead-letter queue and alarm, the grants (the renderer
 * writes report files and appends to report jobs only; the API reads report files only, to presign),
 * the renderer's processor and memory, and the Chromium layer — what is in it, and that it loads.
 */
let stack: CronacaStack;
let template: Template;
let outdir: string;
const ids = {} as { renderer: string; rendererRole: string; api: string; apiRole: string; queue: string; dlq: string; bucket: string; layer: string };

beforeAll(() => {
  const app = new App({ builtinCloudFormationValidation: false, context: { 'aws:cdk:enable-asset-metadata': true } });
  stack = new CronacaStack(app, 'CronacaReports', { stage: 'reports' });
  template = Template.fromStack(stack);
  outdir = app.outdir;
  ids.renderer = logicalId(stack.functions.reportRenderer.function);
  ids.rendererRole = logicalId(stack.functions.reportRenderer.role);
  ids.api = logicalId(stack.functions.reportsApi.function);
  ids.apiRole = logicalId(stack.functions.reportsApi.role);
  ids.queue = logicalId(stack.reportJobs.queue);
  ids.dlq = logicalId(stack.reportJobs.deadLetterQueue);
  ids.bucket = logicalId(stack.dropBucket.bucket);
  ids.layer = logicalId(stack.functions.reportRenderer.chromiumLayer!.layer);
});

const reportObjects = () => ({ 'Fn::Join': ['', [getAtt(ids.bucket, 'Arn'), '/*/reports/*']] });

describe('report queue', () => {
  it('is encrypted and SSL-only, hides a message twice the renderer timeout, and dead-letters after as many receives as a job has attempts', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      VisibilityTimeout: functions.reportRenderer.timeoutSeconds * 2,
      RedrivePolicy: { deadLetterTargetArn: getAtt(ids.dlq, 'Arn'), maxReceiveCount: maxReportAttempts },
    });
    const dlq = template.findResources('AWS::SQS::Queue')[ids.dlq]!;
    expect(dlq.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [ref(ids.queue)],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('feeds the renderer one message at a time with partial batch failures, at most a bounded number of renders at once', () => {
    const mappings = template.findResources('AWS::Lambda::EventSourceMapping', { Properties: { FunctionName: ref(ids.renderer) } });
    expect(Object.values(mappings).map((mapping) => mapping.Properties)).toEqual([
      expect.objectContaining({
        EventSourceArn: getAtt(ids.queue, 'Arn'),
        BatchSize: 1,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: reportRenderConcurrency },
      }),
    ]);
    // The other job queues are bounded by their own workers' reserved concurrency (test/infra/limits.test.ts).
    for (const [queue, worker] of [
      [stack.importJobs.queue, functions.importWorker],
      [stack.projectionRebuilds.queue, functions.projectionRebuilder],
    ] as const) {
      const others = template.findResources('AWS::Lambda::EventSourceMapping', { Properties: { EventSourceArn: getAtt(logicalId(queue), 'Arn') } });
      expect(Object.values(others).map((mapping) => mapping.Properties.ScalingConfig)).toEqual([{ MaximumConcurrency: worker.reservedConcurrency }]);
    }
  });

  it('has an alarm on its dead-letter queue, notifying the alarm topic', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(ids.dlq, 'QueueName') }],
      Threshold: 1,
      AlarmActions: [ref(logicalId(stack.alarms.topic))],
    });
  });

  it('the reports API and the renderer find it in REPORT_QUEUE_URL and may send to it; no other function may', () => {
    for (const id of [ids.api, ids.renderer]) {
      const fn = template.findResources('AWS::Lambda::Function')[id]!;
      expect(fn.Properties.Environment.Variables[reportQueueEnv]).toEqual(ref(ids.queue));
    }
    for (const name of Object.keys(functions) as (keyof typeof functions)[]) {
      const sends = allowedActions(template, logicalId(stack.functions[name].role)).get('sqs:SendMessage') ?? [];
      expect(sends.some((resource) => JSON.stringify(resource) === JSON.stringify(getAtt(ids.queue, 'Arn'))), name).toBe(name === 'reportsApi' || name === 'reportRenderer');
    }
  });
});

describe('report grants', () => {
  it('the renderer writes (and tags) report files only, and reads nothing from the bucket', () => {
    const actions = allowedActions(template, ids.rendererRole);
    const s3 = [...actions.keys()].filter((action) => action.startsWith('s3:')).sort();
    expect(s3).toEqual(['s3:PutObject', 's3:PutObjectTagging']);
    for (const action of s3) expect(actions.get(action), action).toEqual([reportObjects()]);
  });

  it('the reports API reads report files only (the presigned download), and writes none', () => {
    const actions = allowedActions(template, ids.apiRole);
    const s3 = [...actions.keys()].filter((action) => action.startsWith('s3:')).sort();
    expect(s3).toEqual(['s3:GetObject']);
    expect(actions.get('s3:GetObject')).toEqual([reportObjects()]);
  });

  it('no other function touches report files', () => {
    for (const name of Object.keys(functions) as (keyof typeof functions)[]) {
      if (name === 'reportsApi' || name === 'reportRenderer') continue;
      const resources = JSON.stringify([...allowedActions(template, logicalId(stack.functions[name].role)).values()]);
      expect(resources, name).not.toContain('/reports/');
    }
  });
});

describe('the renderer function', () => {
  it('runs on x86_64 with at least 1.6 GB, as its definition says, and every other function on arm64', () => {
    const definition: FunctionDefinition = functions.reportRenderer;
    const renderer = template.findResources('AWS::Lambda::Function')[ids.renderer]!;
    expect(renderer.Properties.Architectures).toEqual(['x86_64']);
    expect(renderer.Properties.MemorySize).toBe(definition.memorySize);
    expect(renderer.Properties.MemorySize).toBeGreaterThanOrEqual(chromiumMinimumMemoryMb);
    expect(renderer.Properties.Timeout).toBe(definition.timeoutSeconds);
    for (const name of Object.keys(functions) as (keyof typeof functions)[]) {
      const fn = template.findResources('AWS::Lambda::Function')[logicalId(stack.functions[name].function)]!;
      expect(fn.Properties.Architectures, name).toEqual([(functions[name] as FunctionDefinition).architecture ?? 'arm64']);
    }
  });

  it('has the Chromium layer (x86_64, the functions runtime); no other function has a layer', () => {
    const renderer = template.findResources('AWS::Lambda::Function')[ids.renderer]!;
    expect(renderer.Properties.Layers).toEqual([ref(ids.layer)]);
    template.resourceCountIs('AWS::Lambda::LayerVersion', 1);
    template.hasResourceProperties('AWS::Lambda::LayerVersion', { CompatibleArchitectures: ['x86_64'], CompatibleRuntimes: ['nodejs24.x'] });
    for (const name of Object.keys(functions) as (keyof typeof functions)[]) {
      if (name === 'reportRenderer') continue;
      const fn = template.findResources('AWS::Lambda::Function')[logicalId(stack.functions[name].function)]!;
      expect(fn.Properties.Layers, name).toBeUndefined();
    }
  });
});

describe('the Chromium layer', () => {
  let layerDir: string;
  beforeAll(() => {
    const layer = template.findResources('AWS::Lambda::LayerVersion')[ids.layer]!;
    layerDir = join(outdir, layer.Metadata!['aws:asset:path'] as string);
  });

  it('holds nodejs/node_modules/@sparticuz/chromium whole (binary, libraries, fonts) and its production dependencies', () => {
    const modules = join(layerDir, 'nodejs', 'node_modules');
    const installed = join(projectRoot, 'node_modules', '@sparticuz', 'chromium');
    for (const file of readdirSync(join(installed, 'bin'))) {
      expect(statSync(join(modules, '@sparticuz/chromium/bin', file)).size, file).toBe(statSync(join(installed, 'bin', file)).size);
    }
    expect(existsSync(join(modules, '@sparticuz/chromium/package.json'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const dependency of Object.keys(manifest.dependencies)) expect(existsSync(join(modules, dependency, 'package.json')), dependency).toBe(true);
    // Every shipped package finds each of its required dependencies in the layer, as Node looks them up.
    for (const pkg of resolveLayerPackages(projectRoot)) {
      if (pkg.files) continue;
      const own = JSON.parse(readFileSync(join(modules, pkg.target, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      for (const dependency of Object.keys(own.dependencies ?? {})) {
        const nested = join(modules, pkg.target, 'node_modules', dependency);
        expect(existsSync(nested) || existsSync(join(modules, dependency)), `${pkg.name} -> ${dependency}`).toBe(true);
      }
    }
    // No development files of the project ride along.
    expect(existsSync(join(modules, 'puppeteer-core'))).toBe(false);
    expect(existsSync(join(modules, 'vitest'))).toBe(false);
  });

  it('holds the report font files (and only those of its package)', () => {
    const font = join(layerDir, 'nodejs', 'node_modules', '@fontsource', 'noto-sans');
    expect(readdirSync(join(font, 'files')).sort()).toEqual([...reportFontFiles].sort());
    expect(readdirSync(font).sort()).toEqual(['LICENSE', 'files', 'package.json']);
    // Found the way adapters/pdf/embedded-font.ts finds it: require.resolve through the layer's node_modules.
    const { createRequire } = process.getBuiltinModule('node:module');
    const resolved = createRequire(join(layerDir, 'nodejs', 'index.js')).resolve(`@fontsource/noto-sans/files/${reportFontFiles[0]}`);
    expect(resolved.startsWith(layerDir)).toBe(true);
  });

  it('loads from the layer alone: @sparticuz/chromium imports, and unpacks an archive with its tar dependencies', () => {
    const work = mkdtempSync(join(tmpdir(), 'cronaca-layer-'));
    try {
      const build = pathToFileURL(join(layerDir, 'nodejs', 'node_modules', '@sparticuz', 'chromium', 'build')).href;
      // A child process with its own TMPDIR: inflate() unpacks there (not in the shared /tmp), and the
      // small libraries archive exercises tar-fs, tar-stream and streamx as loaded from the layer.
      const script = `
        const { default: chromium } = await import('${build}/index.js');
        const { inflate } = await import('${build}/lambdafs.js');
        if (typeof chromium.executablePath !== 'function') throw new Error('no executablePath');
        const out = await inflate('${join(layerDir, 'nodejs', 'node_modules', '@sparticuz', 'chromium', 'bin', 'al2023.tar.br')}');
        console.log(out);`;
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: work, env: { ...process.env, TMPDIR: work }, encoding: 'utf8' }).trim();
      expect(out.startsWith(work)).toBe(true);
      expect(readdirSync(out).length).toBeGreaterThan(0);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('is declared by the packages it ships', () => {
    expect(chromiumLayerPackages.map((pkg) => pkg.name)).toEqual(['@sparticuz/chromium', '@fontsource/noto-sans']);
  });
});

describe('a chromium function (CronacaFunction)', () => {
  const definition = (overrides: Partial<FunctionDefinition> = {}): FunctionDefinition => ({
    id: 'Pdf',
    entry: 'test/infra/fixtures/chromium-entry.ts',
    kind: 'queue',
    description: 'a chromium function',
    memorySize: 2048,
    timeoutSeconds: 60,
    architecture: 'x86_64',
    chromium: true,
    ...overrides,
  });
  const build = (def: FunctionDefinition) => {
    const app = new App({ builtinCloudFormationValidation: false, context: { 'aws:cdk:enable-asset-metadata': true } });
    const scope = new Stack(app, 'Chromium');
    const fn = new CronacaFunction(scope, 'Pdf', {
      definition: def,
      stage: 'test',
      resources: { eventsTable: 'events', readModelsTable: 'read-models', dropBucket: 'drop', eventBus: 'bus' },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    return { app, fn, template: Template.fromStack(scope) };
  };

  it('keeps @sparticuz/chromium out of its bundle (an import the layer satisfies)', () => {
    const { app, fn, template: built } = build(definition());
    const resource = built.findResources('AWS::Lambda::Function')[logicalId(fn.function)]!;
    const bundle = readFileSync(join(app.outdir, resource.Metadata!['aws:asset:path'] as string, 'index.mjs'), 'utf8');
    expect(bundle).toMatch(/from\s*"@sparticuz\/chromium"/);
    // Its own code is not inlined (it reads its bin/ folder next to itself).
    expect(bundle).not.toContain('chromium.br');
    expect(resource.Properties.Layers).toEqual([ref(logicalId(fn.chromiumLayer!.layer))]);
  });

  it('its bundle renders a PDF with only the layer beside it: Chromium and the report font from the layer, diacritics included', async () => {
    const { app, fn, template: built } = build(definition({ entry: 'test/infra/fixtures/render-entry.ts' }));
    const resource = built.findResources('AWS::Lambda::Function')[logicalId(fn.function)]!;
    const layer = built.findResources('AWS::Lambda::LayerVersion')[logicalId(fn.chromiumLayer!.layer)]!;
    const layerModules = join(app.outdir, layer.Metadata!['aws:asset:path'] as string, 'nodejs', 'node_modules');
    // Lambda's layout in miniature: the bundle, and the layer's node_modules as the only packages it can
    // find (a symlink, as Lambda's NODE_PATH lookup; nothing of the repository's node_modules is reachable).
    const work = mkdtempSync(join(tmpdir(), 'cronaca-render-'));
    try {
      mkdirSync(join(work, 'task'));
      copyFileSync(join(app.outdir, resource.Metadata!['aws:asset:path'] as string, 'index.mjs'), join(work, 'task', 'index.mjs'));
      symlinkSync(layerModules, join(work, 'task', 'node_modules'), 'dir');
      const script = `const { handler } = await import('${pathToFileURL(join(work, 'task', 'index.mjs')).href}'); console.log(JSON.stringify(await handler()));`;
      const { NODE_PATH: _nodePath, REPORT_FONT_DIR: _fontDir, ...env } = process.env;
      // Its own TMPDIR: Chromium is unpacked there, not into the /tmp/chromium other tests share.
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
        cwd: work,
        env: { ...env, TMPDIR: work },
        maxBuffer: 64 * 1024 * 1024,
      });
      const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { pages: number; pdf: string };
      expect(result.pages).toBe(1);
      const text = await pdfText(new Uint8Array(Buffer.from(result.pdf, 'base64')));
      expect(text.pageTexts[0]).toContain('Żółć Łódź Győr Città');
      expect(text.pageTexts[0]).toContain('1 / 1');
      expect(text.fonts.filter((font) => font.startsWith('NotoSans')), text.fonts.join()).not.toEqual([]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses arm64 and less than 1.6 GB at synth time', () => {
    expect(() => build(definition({ architecture: 'arm64' }))).toThrow(/x86_64/);
    expect(() => build(definition({ architecture: undefined }))).toThrow(/x86_64/);
    expect(() => build(definition({ memorySize: 1024 }))).toThrow(/1600 MB/);
  });
});
