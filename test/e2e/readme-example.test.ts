import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../local/functions.ts';
import { fileKeyStore } from '../../local/identity.ts';
import { dataPaths } from '../../local/paths.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';

/**
 * The README's first example, run as printed (only the host is this stack's): a newcomer's first
 * contact must work — the company registered first, the ticket for it, and the ticket in the list.
 */
const readmeExample = (): string => {
  const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('A first ticket'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md has no sh block after "A first ticket"');
  return block;
};

describe('the README example', () => {
  let stack: LocalStack;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cronaca-readme-'));
    // `npm run token` signs with the keys of the data folder; the stack verifies with the same keys.
    stack = await startLocalStack({ keyStore: fileKeyStore(dataPaths(dataDir).keys) });
  });
  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('registers a company, opens a ticket for it and shows the ticket in the open list', async () => {
    const script = readmeExample().replaceAll('localhost:3000', stack.url.replace(/^http:\/\//, ''));
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: projectRoot,
      env: { ...process.env, CRONACA_DATA_DIR: dataDir },
      timeout: 50_000,
    });
    const [created, list] = stdout.trim().split('\n').slice(-2).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(created).toMatchObject({ subject: 'Problema PC', priority: 'high', status: expect.any(String) });
    const items = (list as { items: Record<string, unknown>[] }).items;
    expect(items.map((item) => item.id)).toEqual([created!.id]);
    expect(items[0]).toMatchObject({ subject: 'Problema PC', companyId: created!.companyId });
  });
});
