export const csvDelimiters = [';', ',', '\t'] as const;
export type CsvDelimiter = (typeof csvDelimiters)[number];

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * The delimiter that occurs most often outside quotes on the header line (the first line that is not
 * blank). Ties go to tab, then `;`, then `,`: a comma is the one most likely to be part of a header
 * text ("Indirizzo, civico"), a tab the least. A one-column header has none: `,` then, harmlessly.
 * Returns null when the sample holds no complete header line.
 */
export function detectDelimiter(sample: Uint8Array, complete: boolean): CsvDelimiter | null {
  const counts = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  let seenText = false;
  for (const byte of sample) {
    if (byte === QUOTE) quoted = !quoted;
    else if (!quoted && (byte === LF || byte === CR)) {
      if (seenText) return pick(counts);
    } else if (!quoted && byte === 0x3b) counts[';']++;
    else if (!quoted && byte === 0x2c) counts[',']++;
    else if (!quoted && byte === 0x09) counts['\t']++;
    if (byte !== LF && byte !== CR && byte !== 0x20) seenText = true;
  }
  return complete && seenText ? pick(counts) : null;
}

function pick(counts: Record<CsvDelimiter, number>): CsvDelimiter {
  const order: CsvDelimiter[] = ['\t', ';', ','];
  let best: CsvDelimiter = ',';
  let bestCount = 0;
  for (const delimiter of order) {
    if (counts[delimiter] > bestCount) {
      best = delimiter;
      bestCount = counts[delimiter];
    }
  }
  return best;
}
