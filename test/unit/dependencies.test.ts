import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../local/functions.ts';

/**
 * `dependencies` is what the deployed code needs, and only that: every package there is imported by
 * code that runs in Lambda, and that code imports nothing from `devDependencies` (the local cloud's,
 * the tests' and the CDK app's packages stay out of the bundles and out of a production install).
 */
const deployed = ['adapters', 'application', 'contract', 'domain', 'events', 'functions', 'import', 'projections'];

/** Packages the deployed code reads as files, not as modules: the report font (adapters/pdf/embedded-font.ts resolves its .woff2). */
const readAsFiles = new Set(['@fontsource/noto-sans']);

/*
 * Why some deployed packages are there (issue 17, API clients, docs/api-clients.md):
 * - @aws-sdk/client-cognito-identity-provider: creates and deletes API clients' app clients
 *   (adapters/identity/cognito-api-client-issuer.ts); no other way to make an OAuth client at run time.
 * - aws-jwt-verify: AWS's own Cognito JWT verifier with a JWKS cache, for the Lambda authorizer
 *   (adapters/identity/cognito-token-verifier.ts behind the TokenVerifier port, used by
 *   functions/http/authorizer.ts), rather than our own JOSE code in a deployed function.
 *
 * Issue 18 (docs/observability.md):
 * - @aws-lambda-powertools/metrics: business metrics and cold starts as CloudWatch EMF in the log (no
 *   PutMetricData call), same version as the logger; only functions/shared/ imports it.
 * - @aws-lambda-powertools/tracer: X-Ray subsegments of the handlers, of the AWS SDK clients
 *   (captureAWSv3Client) and of each webhook attempt; only functions/shared/ imports it.
 */

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });

/** `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`; node built-ins and relative paths -> null. */
const packageOf = (specifier: string): string | null => {
  if (specifier.startsWith('.') || specifier.startsWith('node:') || specifier.startsWith('#')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
};

const importsOf = (file: string): string[] => {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map((m) => m[1] ?? m[2]!);
  return specifiers.map(packageOf).filter((name): name is string => name !== null);
};

describe('package.json dependencies', () => {
  const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const used = new Map<string, string>();
  for (const dir of deployed) {
    for (const file of sourceFiles(join(projectRoot, dir))) {
      for (const name of importsOf(file)) if (!used.has(name)) used.set(name, relative(projectRoot, file));
    }
  }

  it('lists every package the deployed code imports', () => {
    const missing = [...used].filter(([name]) => !(name in manifest.dependencies) && name !== 'aws-lambda').map(([name, file]) => `${name} (${file})`);
    expect(missing).toEqual([]);
  });

  it('lists nothing the deployed code does not import', () => {
    const unused = Object.keys(manifest.dependencies).filter((name) => !used.has(name) && !readAsFiles.has(name));
    expect(unused).toEqual([]);
  });
});
