import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../local/functions.ts';

/**
 * The import graph of the source folders (type-only imports included: they tie files together just
 * the same), and the rules of docs/README.md "Layers": events <- domain <- application <- entry points
 * (functions/, import/, local/); adapters/ implement the application's ports; contract/ and
 * projections/ describe the API, the tables and the read models; nothing imports an entry point.
 */
const folders = ['adapters', 'application', 'contract', 'domain', 'events', 'functions', 'import', 'infra', 'local', 'projections'];
const deployed = new Set(['adapters', 'application', 'contract', 'domain', 'events', 'functions', 'import', 'projections']);

const sourceFiles = (dir: string): string[] => {
  try {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
    });
  } catch {
    return [];
  }
};

const specifiers = (text: string): string[] =>
  [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map((m) => m[1] ?? m[2]!);

const files = folders.flatMap((folder) => sourceFiles(join(projectRoot, folder))).map((file) => relative(projectRoot, file));
/** file -> the project files and the packages it imports. */
const graph = new Map(
  files.map((file) => {
    const all = specifiers(readFileSync(join(projectRoot, file), 'utf8'));
    const local = all.filter((s) => s.startsWith('.')).map((s) => relative(projectRoot, resolve(dirname(join(projectRoot, file)), s)));
    const packages = all.filter((s) => !s.startsWith('.') && !s.startsWith('node:'));
    return [file, { local, packages }] as const;
  }),
);
const folderOf = (file: string): string => file.split('/')[0]!;

/** The packages the adapters wrap (and nothing else imports, but the entry points). */
const adapterPackages = [
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/lib-dynamodb',
  '@aws-sdk/util-dynamodb',
  '@aws-sdk/client-s3',
  '@aws-sdk/s3-request-presigner',
  '@aws-sdk/client-sesv2',
  '@aws-sdk/client-sqs',
  '@aws-sdk/client-eventbridge',
  '@aws-sdk/client-scheduler',
  // API clients' app clients at Cognito (adapters/identity/cognito-api-client-issuer.ts): no local engine, so an adapter.
  '@aws-sdk/client-cognito-identity-provider',
  // Cognito's JWT verifier for the Lambda authorizer (adapters/identity/cognito-token-verifier.ts, port TokenVerifier).
  'aws-jwt-verify',
  // The PDF renderer: headless Chromium and its driver (adapters/pdf/).
  '@sparticuz/chromium',
  'puppeteer-core',
  // The calendar feed's iCalendar writer (adapters/ical/): RFC 5545 text, and zoned times for its TZIDs until Node has Temporal.
  'ical-generator',
  'temporal-polyfill',
  // Webhook signatures (adapters/webhooks/): the Standard Webhooks reference implementation — signing and verifying, secret format `whsec_`.
  'standardwebhooks',
  // Bus entries are checked against their schema before they leave.
  'zod',
];
/** The CSV engine's own libraries; it reaches AWS only through ports and adapters. */
const importPackages = ['iconv-lite', 'csv-stringify', 'csv-stringify/sync', 'csv-parse', 'zod'];

/** Strongly connected components of more than one file (Tarjan). */
const importCircles = (): string[][] => {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, next);
    low.set(file, next);
    next += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file)?.local ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const circle: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      circle.push(member);
    } while (member !== file);
    if (circle.length > 1) circles.push(circle.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return circles;
};

const violations = (from: string, allowedFolders: readonly string[], allowedPackages: readonly string[]): string[] =>
  [...graph]
    .filter(([file]) => folderOf(file) === from)
    .flatMap(([file, { local, packages }]) => [
      ...local.filter((target) => !allowedFolders.includes(folderOf(target))).map((target) => `${file} -> ${target}`),
      ...packages.filter((name) => !allowedPackages.includes(name)).map((name) => `${file} -> ${name}`),
    ]);

describe('the dependency rules', () => {
  it('reads the source folders', () => {
    expect(files.length).toBeGreaterThan(250);
  });

  it('has no import circle', () => {
    expect(importCircles()).toEqual([]);
  });

  it('events/ imports only zod and events/ (a published schema changes only by an edit in events/)', () => {
    expect(violations('events', ['events'], ['zod'])).toEqual([]);
  });

  it('domain/ imports only events/ and domain/, and no package but exact decimal arithmetic (big.js: pure, no I/O)', () => {
    expect(violations('domain', ['events', 'domain'], ['big.js'])).toEqual([]);
  });

  it('application/ imports domain/, events/, projections/ and itself (ports included) — no AWS, no HTTP, no adapter', () => {
    // Of contract/, only the table definitions (keys and indexes a query and its cursor name): no route, no HTTP schema.
    const offenders = violations('application', ['application', 'domain', 'events', 'projections'], []).filter((edge) => !edge.endsWith(' -> contract/tables.ts'));
    expect(offenders).toEqual([]);
  });

  it('projections/ and contract/ stay below the application: events/, domain/ and their own folder', () => {
    expect(violations('projections', ['projections', 'events', 'domain', 'contract'], [])).toEqual([]);
    expect(violations('contract', ['contract', 'events', 'domain', 'projections'], ['zod'])).toEqual([]);
  });

  it('adapters/ implement ports: they never import an entry point', () => {
    expect(violations('adapters', ['adapters', 'application', 'domain', 'events', 'projections', 'contract'], adapterPackages)).toEqual([]);
  });

  it('nothing imports an entry point but an entry point: import/ never imports functions/', () => {
    const entryPoints = ['functions', 'import', 'local'];
    const offenders = [...graph]
      .filter(([file]) => !entryPoints.includes(folderOf(file)) && folderOf(file) !== 'infra')
      .flatMap(([file, { local }]) => local.filter((target) => entryPoints.includes(folderOf(target))).map((target) => `${file} -> ${target}`));
    expect(offenders).toEqual([]);
    expect(violations('import', ['import', 'application', 'domain', 'events', 'projections', 'contract', 'adapters'], importPackages)).toEqual([]);
  });

  it('deployed code never imports the local cloud or the CDK app', () => {
    const offenders = [...graph]
      .filter(([file]) => deployed.has(folderOf(file)))
      .flatMap(([file, { local }]) => local.filter((target) => ['local', 'infra'].includes(folderOf(target))).map((target) => `${file} -> ${target}`));
    expect(offenders).toEqual([]);
  });

  it('the rules see a circle and a wrong direction', () => {
    expect(violations('events', ['nothing'], []).length).toBeGreaterThan(0);
    expect(specifiers("import type { A } from './a.ts';\nexport { b } from '../b.ts';")).toEqual(['./a.ts', '../b.ts']);
  });
});
