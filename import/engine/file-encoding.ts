import type { Locale, PeopleDirectory } from '../../domain/access/people.ts';
import type { ImportJob } from '../../domain/imports/import-job.ts';
import type { EncodingChoice } from '../../events/imports/import-events.ts';
import { localeEncodings } from '../csv/detect-encoding.ts';
import type { CsvEncoding, EncodingSource } from '../csv/read-csv.ts';
import { dropFolderActor } from './start-job.ts';

/** User metadata a dropped object may carry to name the language its spreadsheet was saved in. */
export const dropLocaleMetadata = 'locale';

/** The languages the job knows: the locale a person or a tenant works in. */
export interface LocaleSource {
  /** A user's profile language, null without a profile. */
  user(tenant: string, userId: string): Promise<Locale | null>;
  /** The tenant's language: the one most of its active users have; null without users. */
  tenant(tenant: string): Promise<Locale | null>;
}

const isLocale = (value: string | undefined): value is Locale => value !== undefined && value in localeEncodings;

export const localesFrom = (people: PeopleDirectory): LocaleSource => ({
  user: async (tenant, userId) => (await people.user(tenant, userId))?.locale ?? null,
  tenant: async (tenant) => {
    const counts = new Map<Locale, number>();
    for (const user of await people.users(tenant)) if (user.active) counts.set(user.locale, (counts.get(user.locale) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
  },
});

/** How a job's file is to be decoded: what to ask the reader, and the locale whose encoding a file that is not UTF-8 gets. */
export interface EncodingPlan {
  readonly encoding: CsvEncoding | 'auto';
  readonly fallback: { readonly encoding: CsvEncoding; readonly locale: Locale; readonly of: NonNullable<EncodingChoice['of']> } | null;
}

/**
 * A pasted text is Unicode already (it came as JSON and is stored as UTF-8), so a declared encoding
 * does not apply to it: decoding its UTF-8 bytes as windows-1252 was what turned "Caffè" into
 * "CaffÃ¨". A declared encoding is used as declared. Otherwise the file is UTF-8 when its bytes are;
 * when they are not, it was saved by a spreadsheet in some language's code page: the uploader's
 * (drop-folder metadata `locale`), else the requester's profile language, else the tenant's.
 */
export const encodingPlan = async (
  job: ImportJob,
  io: { readonly locales: LocaleSource | undefined; readonly metadata: (key: string) => Promise<Readonly<Record<string, string>> | null> },
  tenant: string,
): Promise<EncodingPlan> => {
  if (job.origin === 'paste') return { encoding: 'utf-8', fallback: null };
  if (job.options.encoding) return { encoding: job.options.encoding, fallback: null };
  const declared = (await io.metadata(job.sourceKey))?.[dropLocaleMetadata]?.toLowerCase();
  let found: { locale: Locale; of: NonNullable<EncodingChoice['of']> } | null = isLocale(declared) ? { locale: declared, of: 'uploader' } : null;
  if (!found && io.locales && job.runAs.userId !== dropFolderActor(tenant).userId) {
    const locale = await io.locales.user(tenant, job.runAs.userId);
    if (locale) found = { locale, of: 'requester' };
  }
  if (!found && io.locales) {
    const locale = await io.locales.tenant(tenant);
    if (locale) found = { locale, of: 'tenant' };
  }
  return { encoding: 'auto', fallback: found ? { encoding: localeEncodings[found.locale], ...found } : null };
};

/** The reader's answer, as the job records it. */
export const encodingChoiceOf = (job: ImportJob, plan: EncodingPlan, source: EncodingSource | undefined): EncodingChoice => {
  if (job.origin === 'paste') return { by: 'paste', locale: null, of: null };
  if (source === 'fallback' && plan.fallback) return { by: 'locale', locale: plan.fallback.locale, of: plan.fallback.of };
  return { by: source === 'bom' ? 'bom' : source === 'declared' ? 'declared' : 'utf-8', locale: null, of: null };
};
