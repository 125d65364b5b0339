import { describe, expect, it } from 'vitest';
import { importUsage, parseImportArgs } from '../../../local/import-cli-args.ts';
import { progressBar, progressLine, summaryLines, type FollowedJob } from '../../../local/import-progress.ts';

describe('npm run import: arguments', () => {
  const ok = (args: string[]) => {
    const parsed = parseImportArgs(args);
    if (!parsed.ok || parsed.help) throw new Error(JSON.stringify(parsed));
    return parsed.options;
  };
  const refusal = (args: string[]) => {
    const parsed = parseImportArgs(args);
    if (parsed.ok) throw new Error(`accepted ${args.join(' ')}`);
    return parsed.message;
  };

  it('a file and a kind; tenant demo and its admin by default; --api without a trailing slash', () => {
    expect(ok(['clienti.csv', '--kind', 'companies'])).toMatchObject({ file: 'clienti.csv', kind: 'companies', user: { tenant: 'demo', userId: 'admin' }, api: undefined });
    expect(ok(['--kind=leads', 'x.csv', '--tenant', 'other', '--api', 'http://127.0.0.1:4000/'])).toMatchObject({
      kind: 'leads',
      user: { tenant: 'other', userId: 'admin', role: 'admin' },
      api: 'http://127.0.0.1:4000',
    });
    expect(ok(['x.csv', '-k', 'contacts', '--user', 'manager'])).toMatchObject({ user: { userId: 'manager', role: 'manager' } });
    expect(parseImportArgs(['--help'])).toEqual({ ok: true, help: true });
  });

  it('says what is wrong: no file, two files, no or unknown kind, unknown tenant or user, a user who cannot see the job, a bad URL, an unknown option', () => {
    expect(refusal(['--kind', 'companies'])).toBe('Which file? Give the CSV file to import.');
    expect(refusal(['a.csv', 'b.csv', '--kind', 'companies'])).toBe('One file at a time, got: a.csv b.csv');
    expect(refusal(['a.csv'])).toBe('--kind is required: companies, contacts or leads.');
    expect(refusal(['a.csv', '--kind', 'tickets'])).toBe('--kind must be companies, contacts or leads, not "tickets".');
    expect(refusal(['a.csv', '--kind', 'leads', '--tenant', 'acme'])).toBe('Unknown tenant "acme": one of demo, other.');
    expect(refusal(['a.csv', '--kind', 'leads', '--user', 'ada'])).toBe('Unknown user "ada" in tenant "demo": choose one of admin, manager.');
    expect(refusal(['a.csv', '--kind', 'leads', '--user', 'standard'])).toBe(
      '"standard" is standard: only admins and managers see a drop-folder import; choose one of admin, manager.',
    );
    expect(refusal(['a.csv', '--kind', 'leads', '--api', 'localhost:3000'])).toBe('--api must be an http(s) URL, not "localhost:3000".');
    expect(refusal(['a.csv', '--kind', 'leads', '--colour', 'red'])).toMatch(/Unknown option '--colour'/);
    expect(refusal(['a.csv', '--kind'])).toMatch(/--kind/);
  });

  it('--encoding, --mode and --match-on are checked and passed on', () => {
    expect(ok(['x.csv', '--kind', 'companies', '--encoding', 'Windows-1252'])).toMatchObject({ encoding: 'windows-1252', mode: undefined, matchOn: undefined });
    expect(ok(['x.csv', '--kind', 'contacts', '--mode', 'upsert', '--match-on', 'email'])).toMatchObject({ encoding: undefined, mode: 'upsert', matchOn: 'email' });
    expect(refusal(['x.csv', '--kind', 'companies', '--encoding', 'latin9'])).toBe(
      '--encoding must be one of utf-8, windows-1250, windows-1252, iso-8859-1, iso-8859-2, not "latin9".',
    );
    expect(refusal(['x.csv', '--kind', 'companies', '--mode', 'merge'])).toBe('--mode must be create, update or upsert, not "merge".');
    expect(refusal(['x.csv', '--kind', 'companies', '--mode', 'update'])).toBe('--mode update needs --match-on: what finds the existing record.');
    expect(refusal(['x.csv', '--kind', 'companies', '--match-on', 'phone'])).toBe('--match-on must be one of code, vatNumber, email, name, not "phone".');
    expect(importUsage()).toContain('--encoding');
  });

  it('the usage names the command, the kinds and the defaults', () => {
    expect(importUsage()).toMatch(/^Usage: npm run import -- <file\.csv> --kind <companies\|contacts\|leads>/);
    expect(importUsage()).toContain('default demo');
    expect(importUsage()).toContain('default admin');
  });
});

describe('npm run import: progress and summary', () => {
  const job = (over: Partial<FollowedJob> = {}): FollowedJob => ({
    id: 'drop-1',
    status: 'running',
    rows: { total: 5000, processed: 2400, created: 2350, updated: 0, unchanged: 0, rejected: 50 },
    progress: 48,
    failure: null,
    ...over,
  });

  it('a bar that fits the terminal, with the counts and what the job does', () => {
    const line = progressBar(job(), 120);
    expect(line).toBe('[##############----------------]  48% 2,400/5,000 rows, 2,350 created, 0 updated, 50 rejected · importing');
    expect(line.length).toBeLessThan(120);
    const narrow = progressBar(job(), 60);
    expect(narrow).toHaveLength(59);
    expect(narrow).toMatch(/^\[#####-----\]  48% 2,400\/5,000 rows.*…$/);
    expect(progressBar(null, 80)).toBe('[------------------------------]   0% waiting for the import to start');
    expect(progressBar(job({ status: 'validating', rows: { total: null, processed: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 }, progress: 0 }), 200)).toContain(
      '0/? rows, 0 created, 0 updated, 0 rejected · checking the file',
    );
  });

  it('a plain line for logs', () => {
    expect(progressLine(job())).toBe('importing: 2,400/5,000 rows, 2,350 created, 0 updated, 50 rejected (48%)');
    expect(progressLine(null)).toBe('waiting for the import to start');
    const matched = job({ rows: { total: 5000, processed: 2400, created: 0, updated: 1500, unchanged: 850, rejected: 50 } });
    expect(progressLine(matched)).toBe('importing: 2,400/5,000 rows, 0 created, 1,500 updated, 850 unchanged, 50 rejected (48%)');
  });

  it('the summary: counts, the failure, what a cancel left, where the rejected rows are', () => {
    const api = 'http://127.0.0.1:3000';
    const errors = { url: `${api}/v1/imports/drop-1/errors`, file: '/data/clienti.errors.csv' };
    const done = job({ status: 'completed', progress: 100, rows: { total: 5000, processed: 5000, created: 4950, updated: 0, unchanged: 0, rejected: 50 } });
    expect(summaryLines(done, errors, api)).toEqual([
      'Import drop-1 completed: 5,000/5,000 rows, 4,950 created, 0 updated, 50 rejected.',
      'Rejected rows (line, the row, reason): /data/clienti.errors.csv',
      '  also at GET http://127.0.0.1:3000/v1/imports/drop-1/errors',
    ]);
    const clean = job({ status: 'completed', progress: 100, rows: { total: 2, processed: 2, created: 2, updated: 0, unchanged: 0, rejected: 0 } });
    expect(summaryLines(clean, { ...errors, file: null }, api)).toEqual(['Import drop-1 completed: 2/2 rows, 2 created, 0 updated, 0 rejected.']);
    const failed = job({ status: 'failed', progress: 0, rows: { total: null, processed: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 }, failure: { code: 'unterminated_quote', reason: 'line 3: a quote is not closed' } });
    expect(summaryLines(failed, { ...errors, file: null }, api)).toEqual([
      'Import drop-1 failed: 0/? rows, 0 created, 0 updated, 0 rejected.',
      'Failed (unterminated_quote): line 3: a quote is not closed',
    ]);
    const latin = { ...clean, file: { encoding: 'windows-1252', encodingNote: 'the file is not UTF-8: read as windows-1252, what Italian spreadsheets save' } };
    expect(summaryLines(latin, { ...errors, file: null }, api)).toEqual([
      'Import drop-1 completed: 2/2 rows, 2 created, 0 updated, 0 rejected.',
      'File: the file is not UTF-8: read as windows-1252, what Italian spreadsheets save.',
    ]);
    expect(summaryLines(job({ status: 'cancelled' }), errors, api)).toContain(
      'The 2,350 records created stay; remove them with POST http://127.0.0.1:3000/v1/imports/drop-1/revert',
    );
  });
});
