/** E-mail addresses normalised for search and duplicates. */

/**
 * Email → trimmed, lower-cased address ("mailto:" and angle brackets removed), or null unless it is
 * `local@domain` with no spaces. Dots and plus tags are kept: they are significant for most providers.
 */
export function normaliseEmail(email: string): string | null {
  const s = email
    .normalize('NFKC')
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/^<(.*)>$/, '$1')
    .trim()
    .toLowerCase()
    .replace(/\.$/, '');
  return /^[^\s@]+@[^\s@]+$/.test(s) ? s : null;
}
