import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../local/functions.ts';

/**
 * The clock is passed in: code that runs in Lambda takes "now" from its caller (`dependencies().now`,
 * a Lambda context's remaining time, a command's `at`), so a test pins it and nothing depends on the
 * day the suite runs. The one production clock is `adapters/clock.ts`.
 */
const deployed = ['adapters', 'application', 'contract', 'domain', 'events', 'functions', 'import', 'projections'];
const theClock = 'adapters/clock.ts';

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });

/** Reading the machine's clock: `Date.now()`, `new Date()` without an argument, `performance.now()`. */
const readsTheClock = /\bDate\.now\(\)|\bnew Date\(\s*\)|\bperformance\.now\(\)/;

describe('the clock is passed in', () => {
  it(`no deployed code reads the machine's clock but ${theClock}`, () => {
    const offenders = deployed
      .flatMap((dir) => sourceFiles(join(projectRoot, dir)))
      .map((file) => relative(projectRoot, file))
      .filter((file) => file !== theClock)
      .flatMap((file) =>
        readFileSync(join(projectRoot, file), 'utf8')
          .split('\n')
          .flatMap((line, index) => (readsTheClock.test(line) && !line.trim().startsWith('*') && !line.trim().startsWith('//') ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
      );
    expect(offenders).toEqual([]);
  });

  it('the rule sees a clock read', () => {
    expect(readsTheClock.test('const t = Date.now();')).toBe(true);
    expect(readsTheClock.test('const d = new Date();')).toBe(true);
    expect(readsTheClock.test('const d = new Date(at);')).toBe(false);
  });
});
