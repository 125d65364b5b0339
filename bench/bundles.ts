import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { functions, type FunctionName } from '../contract/functions.ts';
import { median, percentile } from './stats.ts';

/**
 * (f) Every Lambda of contract/functions.ts bundled with esbuild exactly as the CDK stack does, then
 * its size and its cold module-import time: the median over fresh `node` processes of
 * `performance.now()` around `await import(bundle)`, with the environment a handler needs.
 */

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Mirror of NodejsFunction with the stack's settings, used only if infra/ does not export its options. */
const mirroredOptions: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  mainFields: ['module', 'main'],
  banner: { js: "import { createRequire as __cronacaCreateRequire } from 'node:module'; const require = __cronacaCreateRequire(import.meta.url);" },
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  outExtension: { '.js': '.mjs' },
};

export interface BundlingSource {
  readonly options: BuildOptions;
  /** Where the options came from. */
  readonly source: string;
}

/** The stack's esbuild options (`esbuildOptions` of infra/constructs/functions.ts) if exported, else the mirror. */
export const bundlingOptions = async (): Promise<BundlingSource> => {
  try {
    const module = (await import('../infra/constructs/functions.ts')) as { esbuildOptions?: BuildOptions };
    if (module.esbuildOptions) return { options: module.esbuildOptions, source: 'infra/constructs/functions.ts `esbuildOptions` (shared with the CDK stack)' };
  } catch {
    // Not there (yet): fall through to the mirror.
  }
  return { options: mirroredOptions, source: 'mirror of NodejsFunction (ESM, minify, node24, sourcemap) — infra exports no options' };
};

export interface BundleResult {
  readonly name: FunctionName;
  readonly entry: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly mapBytes: number;
  /** Largest inputs by bytes in the output, grouped by npm package (or `(project)`). */
  readonly topInputs: readonly { readonly name: string; readonly bytes: number }[];
  readonly coldImport: ColdImport;
  /** The stack sets NODE_OPTIONS=--enable-source-maps on every function. */
  readonly coldImportSourceMaps: ColdImport;
}

export interface BundlesResult {
  readonly source: string;
  readonly bundles: readonly BundleResult[];
  /** Functions that could not be bundled or imported (e.g. an entry still being written). */
  readonly failures: readonly { readonly name: FunctionName; readonly entry: string; readonly message: string }[];
}

const packageOf = (path: string): string => {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return match ? match[1]! : '(project)';
};

const topInputs = (metafile: Metafile, outfile: string): { name: string; bytes: number }[] => {
  const output = Object.entries(metafile.outputs).find(([path]) => resolve(projectRoot, path) === outfile || path.endsWith('index.mjs'))?.[1];
  const byPackage = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    byPackage.set(packageOf(path), (byPackage.get(packageOf(path)) ?? 0) + bytesInOutput);
  }
  return [...byPackage.entries()].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes).slice(0, 4);
};

const importScript = [
  'const start = performance.now();',
  'await import(process.argv[1]);',
  'const ms = performance.now() - start;',
  'process.stdout.write(JSON.stringify({ ms }));',
  // The module may open handles (SDK clients are lazy, but be safe): do not wait for them.
  'process.exit(0);',
].join('\n');

const coldImportOnce = (file: string, env: NodeJS.ProcessEnv, nodeOptions: string[]): Promise<number> =>
  new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...nodeOptions, '--input-type=module', '-e', importScript, pathToFileURL(file).href], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`importing ${file} failed (exit ${code}): ${err.trim()}`));
      try {
        resolvePromise((JSON.parse(out) as { ms: number }).ms);
      } catch {
        reject(new Error(`unexpected output importing ${file}: ${out} ${err}`));
      }
    });
  });

interface ColdImport {
  readonly runs: number;
  readonly p50: number;
  readonly max: number;
}

/**
 * Fresh processes importing the bundle, plain and with `--enable-source-maps` taking turns (so that
 * both see the same machine), after one discarded run of each (the file was just written).
 */
const coldImports = async (file: string, env: NodeJS.ProcessEnv, runs: number, sourceMapRuns: number) => {
  const plain: number[] = [];
  const maps: number[] = [];
  await coldImportOnce(file, env, []);
  await coldImportOnce(file, env, ['--enable-source-maps']);
  for (let i = 0; i < Math.max(runs, sourceMapRuns); i += 1) {
    if (i < runs) plain.push(await coldImportOnce(file, env, []));
    if (i < sourceMapRuns) maps.push(await coldImportOnce(file, env, ['--enable-source-maps']));
  }
  const summary = (samples: number[]): ColdImport => ({ runs: samples.length, p50: median(samples), max: percentile(samples, 100) });
  return { plain: summary(plain), sourceMaps: summary(maps) };
};

/** Bundles one entry into `outRoot/<name>/index.mjs`, then measures it. */
const measureBundle = async (
  name: FunctionName,
  entry: string,
  context: { outRoot: string; esbuildOptions: BuildOptions; env: NodeJS.ProcessEnv; runs: number; sourceMapRuns: number },
): Promise<BundleResult> => {
  const outfile = join(context.outRoot, name, 'index.mjs');
  const result = await build({
    ...context.esbuildOptions,
    absWorkingDir: projectRoot,
    entryPoints: [join(projectRoot, entry)],
    outfile,
    metafile: true,
    write: true,
    logLevel: 'silent',
  });
  const code = readFileSync(outfile);
  let mapBytes = 0;
  try {
    mapBytes = statSync(`${outfile}.map`).size;
  } catch {
    // No source map with these options.
  }
  const cold = await coldImports(outfile, context.env, context.runs, context.sourceMapRuns);
  return {
    name,
    entry,
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    mapBytes,
    topInputs: topInputs(result.metafile, outfile),
    coldImport: cold.plain,
    coldImportSourceMaps: cold.sourceMaps,
  };
};

export const measureBundles = async (options: { runs: number; sourceMapRuns: number; env: Record<string, string> }): Promise<BundlesResult> => {
  const { options: esbuildOptions, source } = await bundlingOptions();
  const outRoot = mkdtempSync(join(tmpdir(), 'cronaca-bench-bundles-'));
  // The function's environment (as in Lambda); NODE_OPTIONS from the caller (npm) must not leak in.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env };
  const bundles: BundleResult[] = [];
  const failures: { name: FunctionName; entry: string; message: string }[] = [];
  try {
    for (const [name, definition] of Object.entries(functions) as [FunctionName, (typeof functions)[FunctionName]][]) {
      try {
        bundles.push(await measureBundle(name, definition.entry, { outRoot, esbuildOptions, env, runs: options.runs, sourceMapRuns: options.sourceMapRuns }));
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).split('\n').slice(0, 2).join(' ');
        failures.push({ name, entry: definition.entry, message });
      }
    }
  } finally {
    rmSync(outRoot, { recursive: true, force: true });
  }
  return { source, bundles, failures };
};
