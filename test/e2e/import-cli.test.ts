import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../local/functions.ts';
import { fileKeyStore } from '../../local/identity.ts';
import { runImportCli } from '../../local/import-cli.ts';
import { startLocalImports, type LocalImports } from '../../local/imports.ts';
import { recordRunningCloud } from '../../local/running-cloud.ts';
import { startLocalS3, type LocalS3 } from '../../local/s3.ts';
import { apiClient } from '../support/http-client.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';

/**
 * `npm run import` against a local cloud this file starts the way `npm start` does for it: the API
 * (test/support/local-stack.ts, signing with keys in a data folder), an S3 emulator whose
 * object-created events feed the import worker, and `running.json` in that data folder naming both.
 * The command runs as a child process (Node 24, as `npm run import` does: output not a terminal) and
 * in-process with a terminal-like stderr. Imports go to the seed tenant `other` (the command knows
 * the seed tenants only); counts are the job's own, whatever else the tenant holds.
 */
let s3: LocalS3;
let stack: LocalStack;
let imports: LocalImports;
let dataDir: string;
let work: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cronaca-import-cli-'));
  work = mkdtempSync(join(tmpdir(), 'cronaca-import-files-'));
  s3 = await startLocalS3();
  process.env['AWS_ENDPOINT_URL_S3'] = s3.endpoint;
  stack = await startLocalStack({ keyStore: fileKeyStore(join(dataDir, 'keys')) });
  imports = await startLocalImports(s3, { engine: { chunkRows: 2 } });
  recordRunningCloud(dataDir, { pid: process.pid, dynamodbEndpoint: process.env['AWS_ENDPOINT_URL_DYNAMODB']!, apiUrl: stack.url, s3Endpoint: s3.endpoint });
});
afterAll(async () => {
  imports?.stop();
  await stack?.stop();
  await s3?.stop();
  for (const dir of [dataDir, work]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs `node local/import-cli.ts …` as `npm run import -- …` does. */
const command = (args: string[], env: Record<string, string> = {}) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['local/import-cli.ts', ...args], {
      cwd: projectRoot,
      env: { ...process.env, CRONACA_DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

/** Captures what the command writes; `tty` makes stderr look like an 80-column terminal. */
const output = (tty = false) => {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    streams: {
      stdout: { write: (text: string) => (out.stdout += text) },
      stderr: { write: (text: string) => (out.stderr += text), isTTY: tty, columns: 80 },
    },
  };
};

const file = (name: string, text: string) => {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
};

describe('npm run import', () => {
  it('drops the file, follows the job to its end, prints the counts and writes the rejected rows next to the file', async () => {
    expect(process.versions.node).toMatch(/^24\./);
    const path = file(
      'anagrafica clienti.csv',
      ['Ragione sociale;Partita IVA;Email', 'Alfa Impianti;;alfa@example.it', ';IT09876543217;', 'Beta Servizi;;foo', 'Gamma S.r.l.;;', 'Delta S.p.A.;;'].join('\n'),
    );
    const run = await command([path, '--kind', 'companies', '--tenant', 'other']);
    expect(run.code, run.stderr).toBe(0);

    const key = 'other/imports/companies/anagrafica clienti.csv';
    const jobId = /following import (drop-[0-9a-f]+) as other\/admin/.exec(run.stderr)?.[1];
    expect(run.stderr).toContain(`at s3://cronaca-drop/${key}; following import ${jobId}`);
    // Not a terminal: plain lines, the last one the end.
    expect(run.stderr).not.toContain('\r');
    expect(run.stderr.trim().split('\n').at(-1)).toBe('completed: 5/5 rows, 3 created, 0 updated, 2 rejected (100%)');

    const errorsFile = join(work, 'anagrafica clienti.errors.csv');
    expect(run.stdout.split('\n')).toEqual([
      `Import ${jobId} completed: 5/5 rows, 3 created, 0 updated, 2 rejected.`,
      `Rejected rows (line, the row, reason): ${errorsFile}`,
      `  also at GET ${stack.url}/v1/imports/${jobId}/errors`,
      '',
    ]);
    expect(readFileSync(errorsFile, 'utf8')).toBe(
      'line;Ragione sociale;Partita IVA;Email;reason\r\n3;;IT09876543217;;Ragione sociale: required\r\n4;Beta Servizi;;foo;"Email: ""foo"" is not an e-mail address"\r\n',
    );
    // The job is the one the API shows, run by the drop folder.
    const token = await stack.token('admin', { tenant: 'other', role: 'admin', groups: [] });
    expect((await apiClient(stack.url).get(`/v1/imports/${jobId}`, token)).body).toMatchObject({ origin: 'drop', status: 'completed' });
  });

  it('on a terminal, one bar rewritten in place; no errors file when nothing was rejected', async () => {
    const path = file('contatti.csv', 'Nome;Cognome;Email\nAnna;Nowak;anna@example.pl\nMario;Rossi;mario@example.it\nZsófia;Kovács;\n');
    const { out, streams } = output(true);
    const code = await runImportCli([path, '--kind', 'contacts', '--tenant', 'other', '--user', 'admin'], { ...streams, dataDir, pollMs: 20 });
    expect(code, out.stderr).toBe(0);
    const frames = out.stderr.split('\r\x1b[2K').slice(1);
    expect(frames.length).toBeGreaterThan(0);
    for (const frame of frames) expect(frame.replace(/\n$/, '').length).toBeLessThan(80);
    expect(frames.at(-1)).toMatch(/^\[#+\] 100% 3\/3 rows, 3 created, 0 updated, 0 rejected · completed\n$/);
    expect(out.stdout).toMatch(/^Import drop-[0-9a-f]+ completed: 3\/3 rows, 3 created, 0 updated, 0 rejected\.\n$/);
    expect(existsSync(join(work, 'contatti.errors.csv'))).toBe(false);
  });

  it('an Italian Excel "CSV (separato da ;)" (Windows-1252) is read in the encoding of the user\'s language, and the summary says so; --encoding declares it', async () => {
    const path = join(work, 'excel.csv');
    writeFileSync(path, Buffer.from('Ragione sociale;Città\r\nCaffè Ferrè S.r.l.;Milano\r\nPasticceria Perù;Torino\r\n', 'latin1'));
    const { out, streams } = output();
    expect(await runImportCli([path, '--kind', 'companies', '--tenant', 'other'], { ...streams, dataDir, pollMs: 20 }), out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^Import (drop-[0-9a-f]+) completed: 2\/2 rows, 2 created, 0 updated, 0 rejected\.\n/);
    // The seeded admin of `other` works in English: Excel writes Windows-1252 there too.
    expect(out.stdout).toContain("File: the file is not UTF-8: read as windows-1252, what English spreadsheets save (the uploader's declared language, en)");
    const jobId = /^Import (drop-[0-9a-f]+)/.exec(out.stdout)![1]!;
    const token = await stack.token('admin', { tenant: 'other', role: 'admin', groups: [] });
    expect((await apiClient(stack.url).get(`/v1/imports/${jobId}`, token)).body).toMatchObject({ file: { encoding: 'windows-1252' } });

    const polish = join(work, 'polskie.csv');
    writeFileSync(polish, Buffer.from([...Buffer.from('legalName\r\nZak', 'latin1'), 0xb3, ...Buffer.from('ad \r\n', 'latin1')]));
    const declared = output();
    expect(await runImportCli([polish, '--kind', 'companies', '--tenant', 'other', '--encoding', 'windows-1250'], { ...declared.streams, dataDir, pollMs: 20 })).toBe(0);
    expect(declared.out.stdout).toContain('File: read as windows-1250, as declared in options.encoding.');
  });

  it('a job that fails exits 1 with the reason', async () => {
    const path = file('rotto.csv', 'legalName;vatNumber\nUno;\n"Due;\nTre;\n');
    const { out, streams } = output();
    expect(await runImportCli([path, '--kind', 'companies', '--tenant', 'other'], { ...streams, dataDir, pollMs: 20 })).toBe(1);
    expect(out.stdout).toMatch(/^Import drop-[0-9a-f]+ failed: 0\/\? rows, 0 created, 0 updated, 0 rejected\.\nFailed \(unterminated_quote\): line 3: .+\n$/);
  });

  it('bad arguments and a missing file exit 2 with the usage; nothing is dropped', async () => {
    const bad = await command(['--kind', 'companies']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^Which file\? Give the CSV file to import\.\n\nUsage: npm run import -- <file\.csv> --kind/);

    const { out, streams } = output();
    expect(await runImportCli(['clienti.csv', '--kind', 'suppliers'], { ...streams, dataDir })).toBe(2);
    expect(out.stderr).toContain('--kind must be companies, contacts or leads, not "suppliers".');

    const missing = output();
    expect(await runImportCli([join(work, 'nope.csv'), '--kind', 'companies'], { ...missing.streams, dataDir })).toBe(2);
    expect(missing.out.stderr).toBe(`No such file: ${join(work, 'nope.csv')}\n`);
  });

  it('says to start npm start when the local cloud is not running', async () => {
    const path = file('uno.csv', 'legalName\nUno\n');
    const empty = mkdtempSync(join(tmpdir(), 'cronaca-no-cloud-'));
    try {
      const run = await command([path, '--kind', 'companies'], { CRONACA_DATA_DIR: empty });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`The local cloud is not running (nothing recorded in ${empty}): start it with npm start (in another terminal), then run this again.\n`);

      // An API that is recorded (or given) but does not answer.
      const port = await closedPort();
      const { out, streams } = output();
      expect(await runImportCli([path, '--kind', 'companies', '--api', `http://127.0.0.1:${port}`], { ...streams, dataDir: empty, s3Endpoint: s3.endpoint })).toBe(1);
      expect(out.stderr).toBe(`The local API at http://127.0.0.1:${port} does not answer: start it with npm start (in another terminal), then run this again.\n`);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

/** A port nothing listens on (taken, then released). */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
