import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { AssetHashType, DockerImage, Stack } from 'aws-cdk-lib';
import { Architecture, Code, LayerVersion, type Runtime } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { fontFiles } from '../../adapters/pdf/embedded-font.ts';

/**
 * What a `chromium: true` function (contract/function-definition.ts) finds under `/opt/nodejs/node_modules`:
 * `@sparticuz/chromium` whole (its brotli-packed Chromium, the Amazon Linux 2023 libraries and fonts it
 * unpacks to /tmp) with its production dependencies, and the report font (adapters/pdf/embedded-font.ts
 * reads `@fontsource/noto-sans/files/<file>` through `require.resolve`, which honours NODE_PATH — so
 * only the four files it embeds, not the package's 400 others).
 *
 * Chromium stays out of the bundle (`externalModules`): esbuild cannot bundle a 64 MB binary, and the
 * package finds its `bin/` next to its own module. Node 18+ on Lambda resolves ES module imports from
 * NODE_PATH too (`/opt/nodejs/node_modules`), so the bundle's `import '@sparticuz/chromium'` finds it.
 */
export interface LayerPackage {
  readonly name: string;
  /** Files of the package to ship, relative to its folder; all of them (but nested node_modules) when absent. */
  readonly files?: readonly string[];
  /** Ship its `dependencies` (and the installed `optionalDependencies`), transitively. Default true. */
  readonly dependencies?: boolean;
}

/** The report font's files: the ones adapters/pdf/embedded-font.ts embeds (its list, not a copy). */
export const reportFontFiles = fontFiles;

export const chromiumLayerPackages: readonly LayerPackage[] = [
  { name: '@sparticuz/chromium' },
  {
    name: '@fontsource/noto-sans',
    files: ['package.json', 'LICENSE', ...reportFontFiles.map((file) => `files/${file}`)],
    dependencies: false,
  },
];

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

const readPackage = (dir: string): PackageJson => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;

/** Node's lookup: `<dir>/node_modules/<name>`, then the same in each parent folder, up to the root. */
const resolvePackage = (name: string, from: string, root: string): string | null => {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dirname(dir) === dir) return null;
  }
};

export interface ResolvedLayerPackage {
  readonly name: string;
  readonly version: string;
  /** The installed folder. */
  readonly dir: string;
  /** Where it goes, relative to the project's node_modules (nested versions keep their nesting). */
  readonly target: string;
  readonly files?: readonly string[];
}

/**
 * The packages to ship with their production dependencies, as installed under `projectRoot` (the
 * lock file's versions, no network and no `npm install`): a missing required dependency is an error.
 */
export const resolveLayerPackages = (projectRoot: string, packages: readonly LayerPackage[] = chromiumLayerPackages): ResolvedLayerPackage[] => {
  const nodeModules = join(projectRoot, 'node_modules');
  const found = new Map<string, ResolvedLayerPackage>();
  const visit = (name: string, from: string, spec: LayerPackage | undefined, optional: boolean): void => {
    const dir = resolvePackage(name, from, projectRoot);
    if (!dir) {
      if (optional) return;
      throw new Error(`the Chromium layer needs '${name}' (from ${relative(projectRoot, from) || '.'}), which is not installed: run npm ci`);
    }
    const target = relative(nodeModules, dir);
    if (found.has(target)) return;
    const manifest = readPackage(dir);
    found.set(target, { name, version: manifest.version, dir, target, ...(spec?.files ? { files: spec.files } : {}) });
    if (spec?.dependencies === false) return;
    for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency, dir, undefined, false);
    for (const dependency of Object.keys(manifest.optionalDependencies ?? {})) visit(dependency, dir, undefined, true);
  };
  for (const spec of packages) visit(spec.name, projectRoot, spec, false);
  return [...found.values()].sort((a, b) => a.target.localeCompare(b.target));
};

/**
 * A hard link where the file system allows it (the Chromium binary is 64 MB, and every synth — each
 * infra test — stages the layer again), a copy otherwise. Nothing writes to staged asset files.
 */
const linkOrCopy = (from: string, to: string): void => {
  mkdirSync(dirname(to), { recursive: true });
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
};

const filesOf = (dir: string, prefix = ''): string[] =>
  readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesOf(dir, path);
    return entry.isFile() ? [path] : [];
  });

/** Writes the layer's tree (`nodejs/node_modules/…`) into `outputDir`. */
export const writeLayer = (outputDir: string, packages: readonly ResolvedLayerPackage[]): void => {
  for (const pkg of packages) {
    const destination = join(outputDir, 'nodejs', 'node_modules', pkg.target);
    for (const file of pkg.files ?? filesOf(pkg.dir)) linkOrCopy(join(pkg.dir, file), join(destination, file));
  }
};

export interface ChromiumLayerProps {
  /** Where node_modules is (the repository root). */
  readonly projectRoot: string;
  /** The functions' runtime (infra/constructs/functions.ts `lambdaRuntime`). */
  readonly runtime: Runtime;
}

/**
 * The Lambda layer of headless Chromium, built by LOCAL bundling (a `tryBundle` that copies the
 * installed packages: no Docker, no download), x86_64 only — the architecture `@sparticuz/chromium`'s
 * binary is built for. One per stack, shared by every `chromium: true` function. Its asset hash is the
 * packages' names, versions and file lists, so a synth does not hash 64 MB to find it unchanged.
 */
export class ChromiumLayer extends Construct {
  readonly layer: LayerVersion;
  readonly packages: readonly ResolvedLayerPackage[];

  /** The stack's layer, created on first use. */
  static of(scope: Construct, props: ChromiumLayerProps): ChromiumLayer {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild('ChromiumLayer') as ChromiumLayer | undefined) ?? new ChromiumLayer(stack, 'ChromiumLayer', props);
  }

  constructor(scope: Construct, id: string, props: ChromiumLayerProps) {
    super(scope, id);
    const packages = resolveLayerPackages(props.projectRoot);
    this.packages = packages;
    const fingerprint = createHash('sha256')
      .update(JSON.stringify(packages.map(({ target, version, files }) => ({ target, version, files: files ?? null }))))
      .digest('hex');
    const sparticuz = packages.find((pkg) => pkg.name === '@sparticuz/chromium')!;
    this.layer = new LayerVersion(this, 'Layer', {
      description: `Headless Chromium (@sparticuz/chromium ${sparticuz.version}) and the report font, for the report renderer`,
      compatibleRuntimes: [props.runtime],
      compatibleArchitectures: [Architecture.X86_64],
      license: 'MIT (@sparticuz/chromium), BSD and others (Chromium), OFL-1.1 (Noto Sans)',
      code: Code.fromAsset(sparticuz.dir, {
        assetHashType: AssetHashType.CUSTOM,
        assetHash: fingerprint,
        bundling: {
          // Required by the API, never pulled: local bundling always succeeds (or throws).
          image: DockerImage.fromRegistry('cronaca/no-docker-bundling'),
          local: {
            tryBundle(outputDir) {
              writeLayer(outputDir, packages);
              return true;
            },
          },
        },
      }),
    });
  }
}
