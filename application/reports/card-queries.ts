import { readModelsTable } from '../../contract/tables.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { audienceAdmits, audienceOf } from '../../domain/reports/card-audience.ts';
import { cardSections, type CardItem, type CardSection, type CardSectionPage } from '../../domain/reports/client-card.ts';
import { cardCounterOfKey, cardCountKeys, cardKeys, forwardSections } from '../../projections/reports/card-item.ts';
import { companyService } from '../directory/company-service.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { IndexQuery, ReadModels } from '../ports/read-models.ts';
import { decodeCursor, encodeCursor } from '../shared/cursor.ts';
import { MalformedInputError } from '../shared/errors.ts';

const pk = readModelsTable.partitionKey.name;
const sk = readModelsTable.sortKey.name;

export interface CompanyCardOptions {
  /** Items per section (1–50). */
  readonly limit: number;
  /** Only this section (to page through it). */
  readonly section?: CardSection | undefined;
  /** The `nextCursor` of `section`'s previous page. */
  readonly cursor?: string | undefined;
}

/** Rows evaluated per request under a restricted user's filter (the store bounds the reads of one page). */
const filteredReadAhead = 100;
/** Items per read when `allItems` walks a whole section. */
const walkPage = 100;

/**
 * One section's query on the company's partition: `begins_with(sk, '<section>#')`, in the section's
 * order; a restricted user's rows filtered by audience (the record's own visibility rule, see
 * domain/reports/card-audience.ts) — on the server, so that a page fills (the counts come from the
 * company's counters, see `sectionCounts`).
 */
const sectionQuery = (actor: Actor, companyId: string, section: CardSection, limit: number, readAhead = filteredReadAhead): Omit<IndexQuery, 'startKey'> => {
  const members = audienceOf(actor);
  return {
    index: undefined,
    partitionKey: { name: pk, value: cardKeys.partition(actor.tenant, companyId) },
    sortKeyPrefix: { name: sk, value: cardKeys.sectionPrefix(section) },
    newestFirst: !forwardSections.has(section),
    limit,
    ...(actor.role === 'restricted'
      ? {
          filter: {
            expression: members.map((_, i) => `contains(#audience, :audience${i})`).join(' OR '),
            names: { '#audience': 'audience' },
            values: Object.fromEntries(members.map((member, i) => [`:audience${i}`, member])),
          },
          readAhead: { rows: readAhead, keyOf: (item) => ({ [pk]: item[pk], [sk]: item[sk] }) },
        }
      : {}),
  };
};

const invalidCursor = () => new MalformedInputError('cursor is not valid for this section', [{ path: 'cursor', message: 'invalid cursor' }]);

/** A section's cursor: the last key of its partition AND of its section (a cursor of another section is refused). */
const startKeyOf = (query: Omit<IndexQuery, 'startKey'>, section: CardSection, cursor: string | undefined): Record<string, unknown> | undefined => {
  const key = decodeCursor(cursor, query.partitionKey);
  if (key !== undefined && !String(key[sk]).startsWith(cardKeys.sectionPrefix(section))) throw invalidCursor();
  return key;
};

/** How many items of a section the actor may see, out of how many (from the counters). */
interface SectionCount {
  readonly visible: number;
  readonly total: number;
}

/**
 * One page of a section. A restricted user's page uses the section's counts (`sectionCounts`): a
 * section with nothing they may see is not read at all; a first page stops once it holds every item
 * they may see (no scan of the rest of the section for more); the read-ahead is sized to how rare
 * their items are (limit × total ÷ visible, with a margin, within `filteredReadAhead`).
 */
const sectionPage = async (
  readModels: ReadModels,
  actor: Actor,
  companyId: string,
  section: CardSection,
  limit: number,
  cursor: string | undefined,
  count?: SectionCount,
): Promise<Omit<CardSectionPage, 'count'>> => {
  const query = sectionQuery(actor, companyId, section, limit);
  const startKey = startKeyOf(query, section, cursor);
  if (count === undefined) {
    const page = await readModels.query({ ...query, ...(startKey ? { startKey } : {}) });
    return { items: page.items.map((item) => item.card as CardItem), nextCursor: encodeCursor(page.lastKey) };
  }
  if (count.visible === 0) return { items: [], nextCursor: null };
  const wanted = startKey === undefined ? Math.min(limit, count.visible) : limit;
  const rows = Math.min(filteredReadAhead, Math.max(limit, Math.ceil((limit * count.total * 1.5) / count.visible)));
  const page = await readModels.query({ ...sectionQuery(actor, companyId, section, wanted, rows), ...(startKey ? { startKey } : {}) });
  const items = page.items.map((item) => item.card as CardItem);
  const whole = startKey === undefined && items.length >= count.visible;
  return { items, nextCursor: whole ? null : encodeCursor(page.lastKey) };
};

/** Counter items read per request (a company's counters: sections × distinct audiences, a few dozen). */
const countersPage = 500;

/**
 * Every section's count in ONE Query of the company's counter partition (projections/reports/
 * card-item.ts `cardCountKeys`, kept exact by the projector, rebuilds and sweeps in the same
 * transactions as the records' items): the sum of the counters whose audience admits the actor —
 * O(sections × audiences), whatever the number of records.
 */
const sectionCounts = async (readModels: ReadModels, actor: Actor, companyId: string): Promise<Map<string, SectionCount>> => {
  const counts = new Map<string, SectionCount>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await readModels.query({
      index: undefined,
      partitionKey: { name: pk, value: cardCountKeys.partition(actor.tenant, companyId) },
      newestFirst: false,
      limit: countersPage,
      ...(startKey ? { startKey } : {}),
    });
    for (const counter of page.items) {
      const { section, audience } = cardCounterOfKey(String(counter[sk]));
      const n = Number(counter.n ?? 0);
      const { visible, total } = counts.get(section) ?? { visible: 0, total: 0 };
      counts.set(section, { visible: visible + (audienceAdmits(actor, audience) ? n : 0), total: total + n });
    }
    startKey = page.lastKey;
  } while (startKey);
  return counts;
};

/**
 * The client card's reads: the company (through its own visibility, from its stream: just created
 * is there at once) with its sections, each read from the ONE partition of the company's card, in
 * parallel; and every card item of a company (the history report's records).
 */
export const cardQueries = (dependencies: ApplicationDependencySource) => {
  const companies = companyService(dependencies);

  return {
    companyCard: async (actor: Actor, companyId: string, options: CompanyCardOptions) => {
      if (options.cursor !== undefined && options.section === undefined) {
        throw new MalformedInputError('a card cursor pages one section: name it', [{ path: 'section', message: 'is required with a cursor' }]);
      }
      const { readModels } = dependencies();
      const sections: readonly CardSection[] = options.section ? [options.section] : cardSections;
      // Validate the cursor before anything is read.
      if (options.section) startKeyOf(sectionQuery(actor, companyId, options.section, options.limit), options.section, options.cursor);
      const counted = sectionCounts(readModels, actor, companyId);
      // Other roles read the counts and the pages at once; a restricted user's pages use the counts.
      const pagesRead =
        actor.role === 'restricted'
          ? counted.then((counts) =>
              Promise.all(sections.map((section) => sectionPage(readModels, actor, companyId, section, options.limit, options.cursor, counts.get(section) ?? { visible: 0, total: 0 }))),
            )
          : Promise.all(sections.map((section) => sectionPage(readModels, actor, companyId, section, options.limit, options.cursor)));
      const [{ record, version }, counts, pages] = await Promise.all([companies.getCompany(actor, companyId), counted, pagesRead]);
      const page = (section: CardSection, i: number): CardSectionPage => {
        const { items, nextCursor } = pages[i]!;
        return { items, count: counts.get(section)?.visible ?? 0, nextCursor };
      };
      return {
        card: { company: record, sections: Object.fromEntries(sections.map((section, i) => [section, page(section, i)])) as Partial<Record<CardSection, CardSectionPage>> },
        version,
      };
    },

    /** Every card item of the company `actor` may see, all sections, in section order (the report's records). */
    allItems: async function* (actor: Actor, companyId: string): AsyncGenerator<CardItem> {
      await companies.getCompany(actor, companyId);
      const { readModels } = dependencies();
      for (const section of cardSections) {
        const query = sectionQuery(actor, companyId, section, walkPage);
        let startKey: Record<string, unknown> | undefined;
        do {
          const page = await readModels.query({ ...query, ...(startKey ? { startKey } : {}) });
          for (const item of page.items) yield item.card as CardItem;
          startKey = page.lastKey;
        } while (startKey);
      }
    },
  };
};

export type CardQueries = ReturnType<typeof cardQueries>;
