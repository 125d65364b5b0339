import { parseArgs } from 'node:util';
import { importKinds, type ImportKind } from '../domain/imports/import-fields.ts';
import { ImportMode, MatchField } from '../events/imports/import-events.ts';
import { csvEncodings, type CsvEncoding } from '../import/csv/detect-encoding.ts';
import { defaultTenant, findSeedUser, seedTenants, type SeedUser } from './seed.ts';

/** `npm run import -- <file.csv> --kind <kind> [--tenant <tenant>] [--user <user>] [--api <url>]`, parsed. */
export interface ImportCliOptions {
  /** The CSV file, as given (relative to the working directory). */
  readonly file: string;
  readonly kind: ImportKind;
  /** The seeded user whose token follows the job (an admin or manager: see `defaultUser`). */
  readonly user: SeedUser;
  /** The API to follow the job on; default: the one `npm start` recorded. */
  readonly api: string | undefined;
  /** How the file is read and matched, given to the job as the object's metadata (`import/engine/drop-options.ts`). */
  readonly encoding: CsvEncoding | undefined;
  readonly mode: ImportMode | undefined;
  readonly matchOn: MatchField | undefined;
}

export type ParsedImportArgs =
  | { readonly ok: true; readonly help: true }
  | { readonly ok: true; readonly help?: false; readonly options: ImportCliOptions }
  | { readonly ok: false; readonly message: string };

/**
 * A dropped file's job runs as the drop folder's user; only admins and managers see such jobs
 * (the requester, managers and admins do), so the job is followed as the tenant's admin by default.
 */
export const defaultUser = 'admin';

export const importUsage = (): string =>
  [
    'Usage: npm run import -- <file.csv> --kind <companies|contacts|leads> [--encoding <enc>] [--mode <mode> --match-on <field>]',
    '                         [--tenant <tenant>] [--user <user>] [--api <url>]',
    '',
    'Puts the file in the drop folder of the running local cloud (npm start), at',
    '<tenant>/imports/<kind>/<name>.csv, follows the job it starts with a progress bar, then prints the',
    'counts and writes the rejected rows next to the file as <name>.errors.csv.',
    '',
    '  --kind     companies, contacts or leads (required)',
    `  --encoding ${csvEncodings.join(', ')}. Default: UTF-8 when the file is; a file that is not`,
    "             is read in the encoding of the user's language (it, en: windows-1252; pl: windows-1250;",
    '             hu: iso-8859-2), and the summary says so',
    '  --mode     create (default), update or upsert',
    `  --match-on what finds the existing record (update, upsert): ${MatchField.options.join(', ')}`,
    `  --tenant   a seeded tenant (default ${defaultTenant}): ${seedTenants.map((tenant) => tenant.id).join(', ')}`,
    `  --user     an admin or manager of the tenant, who follows the job (default ${defaultUser})`,
    "  --api      the API's URL (default: the one npm start recorded in the data folder)",
    '  --help     show this help',
  ].join('\n');

const isKind = (kind: string): kind is ImportKind => (importKinds as readonly string[]).includes(kind);

/** The command line, checked: pure, so each refusal is tested without a running cloud. */
export const parseImportArgs = (args: readonly string[]): ParsedImportArgs => {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        kind: { type: 'string', short: 'k' },
        tenant: { type: 'string', short: 't' },
        user: { type: 'string', short: 'u' },
        api: { type: 'string' },
        encoding: { type: 'string', short: 'e' },
        mode: { type: 'string' },
        'match-on': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { ok: true, help: true };
  if (positionals.length === 0) return { ok: false, message: 'Which file? Give the CSV file to import.' };
  if (positionals.length > 1) return { ok: false, message: `One file at a time, got: ${positionals.join(' ')}` };
  if (values.kind === undefined) return { ok: false, message: '--kind is required: companies, contacts or leads.' };
  if (!isKind(values.kind)) return { ok: false, message: `--kind must be companies, contacts or leads, not "${values.kind}".` };
  const tenant = values.tenant ?? defaultTenant;
  if (!seedTenants.some((candidate) => candidate.id === tenant)) {
    return { ok: false, message: `Unknown tenant "${tenant}": one of ${seedTenants.map((candidate) => candidate.id).join(', ')}.` };
  }
  const userId = values.user ?? defaultUser;
  const user = findSeedUser(tenant, userId);
  const managers = seedTenants.find((candidate) => candidate.id === tenant)!.users.filter((candidate) => candidate.role === 'admin' || candidate.role === 'manager');
  const choose = `choose one of ${managers.map((candidate) => candidate.userId).join(', ')}`;
  if (!user) return { ok: false, message: `Unknown user "${userId}" in tenant "${tenant}": ${choose}.` };
  if (user.role !== 'admin' && user.role !== 'manager') {
    return { ok: false, message: `"${userId}" is ${user.role}: only admins and managers see a drop-folder import; ${choose}.` };
  }
  let api: string | undefined;
  if (values.api !== undefined) {
    const url = URL.canParse(values.api) ? new URL(values.api) : null;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return { ok: false, message: `--api must be an http(s) URL, not "${values.api}".` };
    api = values.api.replace(/\/+$/, '');
  }
  const encoding = values.encoding?.toLowerCase();
  if (encoding !== undefined && !(csvEncodings as readonly string[]).includes(encoding)) {
    return { ok: false, message: `--encoding must be one of ${csvEncodings.join(', ')}, not "${values.encoding}".` };
  }
  const mode = values.mode;
  if (mode !== undefined && !ImportMode.safeParse(mode).success) return { ok: false, message: `--mode must be create, update or upsert, not "${mode}".` };
  const matchOn = values['match-on'];
  if (matchOn !== undefined && !MatchField.safeParse(matchOn).success) {
    return { ok: false, message: `--match-on must be one of ${MatchField.options.join(', ')}, not "${matchOn}".` };
  }
  if ((mode === 'update' || mode === 'upsert') && matchOn === undefined) return { ok: false, message: `--mode ${mode} needs --match-on: what finds the existing record.` };
  return {
    ok: true,
    options: {
      file: positionals[0]!,
      kind: values.kind,
      user,
      api,
      encoding: encoding as CsvEncoding | undefined,
      mode: mode as ImportMode | undefined,
      matchOn: matchOn as MatchField | undefined,
    },
  };
};
