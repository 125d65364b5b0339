import { describe, expect, it } from 'vitest';
import { BoardRank } from '../../../events/requests/request-events.ts';
import { rankAt, rankBetween } from '../../../domain/requests/board-rank.ts';

const now = '2026-12-02T17:00:00.000Z';

describe('board ranks', () => {
  it('given later times, when placed last, then the ranks follow the times', () => {
    const times = ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.001Z', '2026-12-02T17:00:00.000Z', '2031-06-30T23:59:59.999Z'];
    const ranks = times.map(rankAt);
    expect([...ranks].sort()).toEqual(ranks);
    expect(new Set(ranks).size).toBe(times.length);
    for (const rank of ranks) expect(BoardRank.safeParse(rank).success).toBe(true);
  });

  it('given two ranks, when a card is dropped between them, then its rank is strictly between', () => {
    const a = rankAt('2026-01-01T00:00:00.000Z');
    const b = rankAt('2026-01-01T00:00:00.001Z');
    const mid = rankBetween(a, b, now);
    expect(a < mid && mid < b).toBe(true);
  });

  it('given a column, when cards are dropped at random places many times, then every drop lands where it was dropped', () => {
    // A deterministic pseudo-random walk: the same sequence of drops on every run.
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const column: string[] = [rankAt('2026-01-01T00:00:00.000Z')];
    for (let i = 0; i < 2_000; i += 1) {
      const at = Math.floor(random() * (column.length + 1));
      const rank = rankBetween(column[at - 1] ?? null, column[at] ?? null, now);
      column.splice(at, 0, rank);
    }
    expect([...column].sort()).toEqual(column);
    expect(new Set(column).size).toBe(column.length);
    for (const rank of column) expect(BoardRank.safeParse(rank).success, rank).toBe(true);
  });

  it('given the top card, when cards are dropped on top of it over and over, then each goes above and ranks stay short', () => {
    let top = rankAt(now);
    for (let i = 0; i < 300; i += 1) {
      const rank = rankBetween(null, top, now);
      expect(rank < top).toBe(true);
      expect(rank.endsWith('0')).toBe(false);
      top = rank;
    }
    expect(top.length).toBeLessThan(80);
  });

  it('given a card placed after the last one within the same millisecond, then it still goes after it', () => {
    const last = rankAt(now);
    const next = rankBetween(last, null, now);
    expect(next > last).toBe(true);
    // ...and a card placed last a moment later goes after both.
    expect(rankBetween(next, null, '2026-12-02T17:00:00.001Z') > next).toBe(true);
  });

  it('given bounds out of order, then the drop is refused as a conflict', () => {
    const a = rankAt(now);
    expect(() => rankBetween(a, a, now)).toThrow(/not in that order/);
  });

  it('given one spot split over and over, then the drop is refused before a rank grows past the limit', () => {
    const low = rankAt(now);
    let high = rankBetween(low, null, '2026-12-02T17:00:01.000Z');
    expect(() => {
      for (let i = 0; i < 5_000; i += 1) high = rankBetween(low, high, now);
    }).toThrow(/split too often/);
  });
});
