import type { Audience } from '../../domain/reports/card-audience.ts';
import type { CardItem, CardSection } from '../../domain/reports/client-card.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import type { CounterKey, ReadItem } from '../projection.ts';

/**
 * The client card's item collection: every record linked to a company is one small item in the
 * company's partition `<tenant>#card#<companyId>`, sorted `<section>#<section sort key>#<type>#<id>`,
 * so a section is one `Query` with `begins_with(sk, '<section>#')` and the whole card one partition.
 * Section order: to-do by due time ascending (read forward); every other section newest first (read
 * in reverse): history by done time, the rest by when the record was made.
 */
export const cardKeys = {
  partition: (tenant: string, companyId: string) => `${tenant}#card#${companyId}`,
  sectionPrefix: (section: CardSection) => `${section}#`,
  sort: (section: CardSection, sectionSortKey: string, type: string, id: string) => `${section}#${sectionSortKey}#${type}#${id}`,
};

/** Sections read in key order (soonest first); every other one is read newest first (reverse). */
export const forwardSections: ReadonlySet<CardSection> = new Set(['todo']);

/** Where one record stands on one company's card. */
export interface CardPlacement {
  readonly companyId: string;
  readonly section: CardSection;
  readonly sortKey: string;
  readonly item: CardItem;
  readonly audience: Audience;
}

/** The stored card item: the CardItem itself, its audience, and whose it is (the aggregate it is folded from). */
export const cardReadItem = (tenant: string, owner: { readonly type: string; readonly id: string }, placement: CardPlacement): ReadItem => ({
  pk: cardKeys.partition(tenant, placement.companyId),
  sk: cardKeys.sort(placement.section, placement.sortKey, placement.item.type, placement.item.id),
  version: 0,
  aggregateType: owner.type,
  aggregateId: owner.id,
  tenant,
  card: placement.item,
  audience: [...placement.audience],
});

/** The card items of a record's row, in each company it belongs to (a set: one per company and section). */
export const cardSatellites = (tenant: string, owner: { readonly type: string; readonly id: string }, placements: readonly CardPlacement[]): ReadItem[] => {
  const seen = new Set<string>();
  return placements.flatMap((placement) => {
    const item = cardReadItem(tenant, owner, placement);
    const key = `${item.pk}\u0000${item.sk}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [item];
  });
};

/**
 * The card's counts (projections/counters.ts): per company `<tenant>#card-counts#<companyId>`, one
 * counter per section and distinct audience, sort key `<section>#<audience as sorted JSON>`. The
 * partition stays small (sections × audiences), so one Query gives every section's count for any
 * actor: the sum of the counters whose audience admits them (domain/reports/card-audience.ts).
 */
export const cardCountKeys = {
  partition: (tenant: string, companyId: string) => `${tenant}#card-counts#${companyId}`,
  sort: (section: string, audience: readonly string[]) => `${section}#${JSON.stringify([...new Set(audience)].sort())}`,
};

/** The section and audience a counter's sort key names. */
export const cardCounterOfKey = (sk: string): { section: string; audience: string[] } => {
  const at = sk.indexOf('#');
  return { section: sk.slice(0, at), audience: JSON.parse(sk.slice(at + 1)) as string[] };
};

/** Every card item (satellite or entry) counts 1 in its company's counter of its section and audience. */
export const cardCounterOf = (item: ReadItem): CounterKey | null => {
  const tenant = String(item.tenant);
  const prefix = `${tenant}#card#`;
  if (!item.pk.startsWith(prefix) || item.card === undefined) return null;
  return {
    pk: cardCountKeys.partition(tenant, item.pk.slice(prefix.length)),
    sk: cardCountKeys.sort(item.sk.slice(0, item.sk.indexOf('#')), item.audience as readonly string[]),
  };
};

/** An entry's sort key: the event's time, then the event (unique and stable across replays). */
export const entryTime = (event: StoredEvent): string => event.at;

/** At most this much of a free text on the card (a note's body, an interaction's notes). */
const maxTitle = 200;
export const cardTitle = (text: string | null | undefined, fallback: string): string => {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return fallback;
  return trimmed.length > maxTitle ? `${trimmed.slice(0, maxTitle - 1)}…` : trimmed;
};
