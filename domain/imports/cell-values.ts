/**
 * Reading typed values out of CSV cells, as the file's declared options say: never guessing, an
 * unreadable value is a row issue with a reason.
 */
export const dateFormats = ['dd/mm/yyyy', 'mm/dd/yyyy', 'yyyy-mm-dd'] as const;
export type DateFormat = (typeof dateFormats)[number];

export type CellValue<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/**
 * How an import job reads dates and numbers when its options declare nothing — and so how an export
 * writes them, for its file to import back with the default options.
 */
export const defaultCellFormat: { readonly dateFormat: DateFormat; readonly decimalComma: boolean } = { dateFormat: 'dd/mm/yyyy', decimalComma: false };

/** The date format a locale's programs export when nothing is declared. */
export const defaultDateFormat = (locale: string): DateFormat => (locale === 'en' ? 'yyyy-mm-dd' : 'dd/mm/yyyy');

/**
 * A calendar date in the declared format → `yyyy-mm-dd`. Separators `/ . -` are accepted for the
 * day/month formats ("03.04.2024" in Polish and Hungarian exports), a two-digit year is not (which
 * century is a guess), nor is a date that does not exist (31/02).
 */
export function parseDate(cell: string, format: DateFormat): CellValue<string> {
  const text = cell.trim().replace(/\.$/, '');
  const parts =
    format === 'yyyy-mm-dd'
      ? /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$/.exec(text)?.slice(1)
      : /^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$/.exec(text)?.slice(1);
  if (!parts) return { ok: false, message: `"${cell}" is not a date in the format ${format}` };
  const [a, b, c] = parts.map(Number) as [number, number, number];
  const [year, month, day] = format === 'yyyy-mm-dd' ? [a, b, c] : format === 'dd/mm/yyyy' ? [c, b, a] : [c, a, b];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false, message: `"${cell}" is not a valid date (${format})` };
  }
  return { ok: true, value: date.toISOString().slice(0, 10) };
}

/**
 * A decimal number. With `decimalComma` ("1.234,56", "1 234,56") the comma is the decimal separator
 * and dots, spaces and apostrophes group thousands; without, the reverse. A value that reads
 * differently under the other convention is not an issue: the option is declared, not guessed.
 */
export function parseDecimal(cell: string, decimalComma: boolean): CellValue<number> {
  const text = cell.trim().replace(/[\s\u00a0\u202f']/g, '');
  const [group, decimal] = decimalComma ? ['.', ','] : [',', '.'];
  const pattern = new RegExp(`^[-+]?(\\d{1,3}(\\${group}\\d{3})+|\\d+)(\\${decimal}\\d+)?$`);
  if (!pattern.test(text)) return { ok: false, message: `"${cell}" is not a number (decimal ${decimalComma ? 'comma' : 'point'})` };
  const value = Number(text.split(group).join('').replace(decimal, '.'));
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, message: `"${cell}" is not a number` };
}

const listEscaped = ['\\', '|', ';'];

/**
 * A cell holding several values: split on `;` or `|`, trimmed, blanks and repeats dropped. (`;` works
 * in a `;`-delimited file only inside a quoted cell, which is how spreadsheets save it.) A backslash
 * keeps the separator after it in the value — `\|`, `\;`, and `\\` for a backslash — as `joinList`
 * writes them; any other backslash is text ("C:\dati" reads as written).
 */
export const splitList = (cell: string): string[] => {
  const items: string[] = [];
  let item = '';
  for (let i = 0; i < cell.length; i++) {
    const char = cell[i]!;
    const next = cell[i + 1];
    if (char === '\\' && next !== undefined && listEscaped.includes(next)) {
      item += next;
      i++;
    } else if (char === '|' || char === ';') {
      items.push(item);
      item = '';
    } else item += char;
  }
  items.push(item);
  return [...new Set(items.map((value) => value.trim()).filter((value) => value !== ''))];
};

/** Values → the one cell `splitList` reads back as the same values: `|` between them, separators in them escaped. */
export const joinList = (values: readonly string[]): string => values.map((value) => value.replace(/[\\|;]/g, '\\$&')).join('|');

/** `yyyy-mm-dd` → the cell `parseDate(cell, format)` reads back as the same date. */
export function formatDate(iso: string, format: DateFormat): string {
  const [year, month, day] = iso.split('-');
  if (format === 'yyyy-mm-dd') return iso;
  return format === 'dd/mm/yyyy' ? `${day}/${month}/${year}` : `${month}/${day}/${year}`;
}

/**
 * A number → the cell `parseDecimal(cell, decimalComma)` reads back as the same number: no grouping,
 * every digit JavaScript keeps, never an exponent (1e21 is written out).
 */
export function formatDecimal(value: number, decimalComma: boolean): string {
  const text = /e/i.test(String(value)) ? value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 100 }) : String(value);
  return decimalComma ? text.replace('.', ',') : text;
}
