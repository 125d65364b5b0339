import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveLayerPackages, writeLayer } from '../../infra/constructs/chromium-layer.ts';

/**
 * How the Chromium layer picks its packages from an installed node_modules (a small one made here):
 * production dependencies transitively, optional ones when installed, nested versions where npm put
 * them, only the listed files when a package names them, and a missing dependency fails the synth.
 */
let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

const pkg = (dir: string, manifest: Record<string, unknown>, files: Record<string, string> = {}) => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
};

const project = () => {
  root = mkdtempSync(join(tmpdir(), 'cronaca-layer-deps-'));
  const modules = join(root, 'node_modules');
  pkg(join(modules, 'top'), { name: 'top', version: '1.0.0', dependencies: { a: '^1' }, optionalDependencies: { opt: '^1', absent: '^1' }, devDependencies: { dev: '^1' } }, { 'index.js': 'top', 'bin/blob.br': 'x'.repeat(100) });
  pkg(join(modules, 'a'), { name: 'a', version: '1.0.0', dependencies: { b: '^2' } }, { 'index.js': 'a' });
  pkg(join(modules, 'b'), { name: 'b', version: '1.0.0' }, { 'index.js': 'b1' }); // the hoisted one, not a's
  pkg(join(modules, 'a', 'node_modules', 'b'), { name: 'b', version: '2.0.0' }, { 'index.js': 'b2' });
  pkg(join(modules, 'opt'), { name: 'opt', version: '1.0.0' }, { 'index.js': 'opt' });
  pkg(join(modules, 'dev'), { name: 'dev', version: '1.0.0' });
  pkg(join(modules, '@scope', 'font'), { name: '@scope/font', version: '5.0.0' }, { LICENSE: 'OFL', 'files/one.woff2': '1', 'files/two.woff2': '2' });
  return root;
};

describe('the Chromium layer packages', () => {
  it('ships production and installed optional dependencies transitively, nested versions in place, no dev dependencies', () => {
    const packages = resolveLayerPackages(project(), [{ name: 'top' }, { name: '@scope/font', files: ['package.json', 'files/one.woff2'], dependencies: false }]);
    expect(packages.map(({ target, version }) => `${target}@${version}`)).toEqual(['@scope/font@5.0.0', 'a@1.0.0', 'a/node_modules/b@2.0.0', 'opt@1.0.0', 'top@1.0.0']);
    const out = join(root, 'out');
    writeLayer(out, packages);
    const modules = join(out, 'nodejs', 'node_modules');
    expect(readFileSync(join(modules, 'a', 'node_modules', 'b', 'index.js'), 'utf8')).toBe('b2');
    expect(statSync(join(modules, 'top', 'bin', 'blob.br')).size).toBe(100);
    expect(() => statSync(join(modules, 'b'))).toThrow(); // the hoisted b@1 is nobody's dependency here
    expect(() => statSync(join(modules, 'dev'))).toThrow();
    expect(() => statSync(join(modules, '@scope', 'font', 'files', 'two.woff2'))).toThrow();
    expect(readFileSync(join(modules, '@scope', 'font', 'files', 'one.woff2'), 'utf8')).toBe('1');
  });

  it('a required dependency that is not installed fails, naming it', () => {
    project();
    rmSync(join(root, 'node_modules', 'a'), { recursive: true });
    expect(() => resolveLayerPackages(root, [{ name: 'top' }])).toThrow(/needs 'a'.*npm ci/);
  });
});
