import { locales, type Locale } from '../access/people.ts';
import type { FieldIssue } from '../shared/errors.ts';

/** Labels per locale as a client sends them: any keys, checked here. */
export type LabelsInput = Readonly<Record<string, string>>;

export const maxLabelLength = 100;

/**
 * Labels per locale: keys are the supported locales (it, en, pl, hu), values non-blank and short.
 * Returns the trimmed labels and the issues found, each naming `<path>.<locale>`.
 */
export const labelsOf = (path: string, input: LabelsInput | undefined, issues: FieldIssue[]): Partial<Record<Locale, string>> => {
  const labels: Partial<Record<Locale, string>> = {};
  for (const [locale, label] of Object.entries(input ?? {})) {
    const at = `${path}.${locale}`;
    if (!(locales as readonly string[]).includes(locale)) {
      issues.push({ path: at, message: `not a supported locale: use ${locales.join(', ')}` });
      continue;
    }
    const trimmed = label.trim();
    if (trimmed === '') issues.push({ path: at, message: 'must not be blank' });
    else if (trimmed.length > maxLabelLength) issues.push({ path: at, message: `must be at most ${maxLabelLength} characters` });
    else labels[locale as Locale] = trimmed;
  }
  return labels;
};
