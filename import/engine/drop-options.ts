import { ImportMode, ImportOptionsInput, MatchField } from '../../events/imports/import-events.ts';

/**
 * What a file dropped in the folder may declare about itself, as S3 user metadata (`x-amz-meta-<name>`,
 * set by the uploader: `aws s3 cp --metadata mode=update,match-on=email`, or `npm run import`'s options).
 * Without metadata a drop is a create-mode import with everything detected.
 */
export const dropMetadata = {
  mode: 'mode',
  matchOn: 'match-on',
  encoding: 'encoding',
  delimiter: 'delimiter',
  dateFormat: 'date-format',
  decimalComma: 'decimal-comma',
} as const;

export interface DropSettings {
  readonly mode: ImportMode;
  readonly matchOn?: MatchField;
  readonly options: ImportOptionsInput;
}

/** The header a delimiter is written as: a tab cannot be typed in most tools' metadata fields. */
const delimiters: Record<string, string> = { ';': ';', ',': ',', tab: '\t', '\t': '\t', semicolon: ';', comma: ',' };

/**
 * The object's metadata as the job's settings, or the first thing wrong with it (worded for the job's
 * failure reason, naming the metadata as the uploader wrote it).
 */
export const dropSettings = (metadata: Readonly<Record<string, string>>): { ok: true; settings: DropSettings } | { ok: false; reason: string } => {
  const value = (name: string) => metadata[name]?.trim();
  const wrong = (name: string, allowed: readonly string[]) => ({
    ok: false as const,
    reason: `x-amz-meta-${name}: "${value(name)}" is not one of ${allowed.join(', ')}`,
  });
  const mode = value(dropMetadata.mode)?.toLowerCase() ?? 'create';
  if (!ImportMode.safeParse(mode).success) return wrong(dropMetadata.mode, ImportMode.options);
  const matchOnText = value(dropMetadata.matchOn);
  const matchOn = matchOnText === undefined ? undefined : MatchField.options.find((field) => field.toLowerCase() === matchOnText.toLowerCase().replace(/-/g, ''));
  if (matchOnText !== undefined && !matchOn) return wrong(dropMetadata.matchOn, MatchField.options);
  const options: Record<string, unknown> = {};
  const encoding = value(dropMetadata.encoding)?.toLowerCase();
  if (encoding !== undefined) options['encoding'] = encoding.replace(/^cp(12\d\d)$/, 'windows-$1').replace(/^utf8$/, 'utf-8');
  const delimiter = value(dropMetadata.delimiter);
  if (delimiter !== undefined) options['delimiter'] = delimiters[delimiter.toLowerCase()] ?? delimiter;
  const dateFormat = value(dropMetadata.dateFormat)?.toLowerCase();
  if (dateFormat !== undefined) options['dateFormat'] = dateFormat;
  const decimalComma = value(dropMetadata.decimalComma)?.toLowerCase();
  if (decimalComma !== undefined) {
    if (decimalComma !== 'true' && decimalComma !== 'false') return wrong(dropMetadata.decimalComma, ['true', 'false']);
    options['decimalComma'] = decimalComma === 'true';
  }
  const parsed = ImportOptionsInput.safeParse(options);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]!.path[0]) as keyof typeof dropMetadata;
    const allowed = ImportOptionsInput.shape[field as 'encoding' | 'delimiter' | 'dateFormat'].unwrap().options as readonly string[];
    return wrong(dropMetadata[field], allowed.map((option) => (option === '\t' ? 'tab' : option)));
  }
  return { ok: true, settings: { mode: mode as ImportMode, ...(matchOn ? { matchOn } : {}), options: parsed.data } };
};
