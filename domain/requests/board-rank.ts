import { conflict } from '../shared/errors.ts';

/**
 * Ranks keep a card's place in its board column without renumbering the column: a rank is a string
 * of base-62 digits (`0-9A-Za-z`, in code-unit order), and a card dropped between two others gets a
 * rank strictly between theirs (the midpoint of two digit strings, as in Greenspan's "fractional
 * indexing"). A card that arrives in a column without a drop place goes last: its rank is the time of
 * the move (fixed-width base 62 of the epoch milliseconds), later than every rank already given.
 * No rank ends in `0`, so there is always room below one.
 */
const digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const middle = digits[31]!;
/** The longest rank a column may hold (events/requests/request-events.ts `BoardRank`). */
export const maxRankLength = 200;
const timeWidth = 8;

/** The rank of a card placed last at `instant` (an ISO 8601 time). */
export const rankAt = (instant: string): string => {
  let ms = Date.parse(instant);
  let key = '';
  for (let i = 0; i < timeWidth; i += 1) {
    key = digits[ms % 62]! + key;
    ms = Math.floor(ms / 62);
  }
  return key + middle;
};

/** A digit string strictly between `a` ('' = no lower bound) and `b` (null = no upper bound). */
const midpoint = (a: string, b: string | null): string => {
  if (b !== null) {
    let n = 0;
    while ((a[n] ?? '0') === b[n]) n += 1;
    if (n > 0) return b.slice(0, n) + midpoint(a.slice(n), b.slice(n));
  }
  const digitA = a ? digits.indexOf(a[0]!) : 0;
  const digitB = b !== null ? digits.indexOf(b[0]!) : digits.length;
  if (digitB - digitA > 1) return digits[Math.round((digitA + digitB) / 2)]!;
  if (b !== null && b.length > 1) return b.slice(0, 1);
  return digits[digitA]! + midpoint(a.slice(1), null);
};

/**
 * The rank of a card dropped after `lower` and before `upper` (either may be null: the top or the
 * bottom of the column) at `now`. Dropped last, the card takes the time rank, or just above `lower`
 * when that is later (ranks made by drops). Refuses when the bounds are out of order, or when a spot
 * was split so often that its ranks reached `maxRankLength` (dropping the card elsewhere, or last,
 * gives it a short rank again).
 */
export const rankBetween = (lower: string | null, upper: string | null, now: string): string => {
  if (lower !== null && upper !== null && lower >= upper) throw conflict('the cards to drop between are not in that order any more: reload the board');
  let rank: string;
  if (upper === null) {
    const last = rankAt(now);
    rank = lower === null || last > lower ? last : lower + middle;
  } else {
    rank = midpoint(lower ?? '', upper);
  }
  if (rank.length > maxRankLength) throw conflict('this place in the column was split too often: drop the card last, or elsewhere');
  return rank;
};
