import type { PeopleDirectory } from '../../domain/access/people.ts';
import { addDays, localDateOf } from '../../domain/activities/local-time.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { readTodo } from '../activities/calendar-queries.ts';
import type { ActivityIndexReads } from '../ports/activity-index.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import { readModelsTable } from '../../contract/tables.ts';
import { opportunityIndexKeys, opportunityListProjection } from '../../projections/sales/opportunity-list.ts';
import { quoteIndexKeys, quoteListProjection } from '../../projections/sales/quote-list.ts';
import { ticketQueries } from '../support/ticket-queries.ts';
import { boardQueries } from './board-queries.ts';

export interface DashboardDependencies {
  readonly application: ApplicationDependencySource;
  readonly activityIndex: () => ActivityIndexReads;
}

/** The dashboard's own index: the opportunity and quote list rows keyed for its widgets (contract/tables.ts). */
const gsi4 = readModelsTable.globalSecondaryIndexes.find((index) => index.indexName === 'gsi4')!;

/**
 * The latest `limit` opportunities the caller owns, latest registered first, any status: ONE Query of
 * the caller's gsi4 partition (projections/sales/opportunity-list.ts `ownerRecent`: the list rows
 * themselves, by creation time) — the rows `GET /v1/opportunities` answers. The list's restricted rule
 * (theirs or unassigned) holds for every row the caller owns; it is applied again on the rows, as the
 * list's filter would.
 */
export const readOpportunities = async (application: ApplicationDependencySource, actor: Actor, limit: number) => {
  const { readModels } = application();
  const page = await readModels.query({
    index: gsi4.indexName,
    partitionKey: { name: gsi4.partitionKey.name, value: opportunityIndexKeys.ownerRecent(actor.tenant, actor.userId) },
    newestFirst: true,
    limit,
  });
  const items = page.items
    .map((item) => ({ ...opportunityListProjection.fromItem(item), version: Number(item.version) }))
    // The partition names the owner; checked again on the row, as the list would.
    .filter((opportunity) => opportunity.ownerId === actor.userId)
    .filter((opportunity) => actor.role !== 'restricted' || opportunity.ownerId === actor.userId || opportunity.ownerId === null);
  return { items, cut: page.lastKey !== undefined && page.items.length < limit };
};

/**
 * The caller's sent quotes valid until before `expiringBefore`, soonest first: ONE Query of their
 * gsi4 partition (projections/sales/quote-list.ts `operatorSent`: the sent list rows themselves, by
 * expiry; `expiringBefore` a key condition) — the very rows `GET /v1/quotes` answers. The list's
 * restricted rule (operator or creator is the caller) holds for every row of the caller's own
 * partition; it is applied again on the rows, as the list's filter would.
 */
export const readQuotes = async (application: ApplicationDependencySource, actor: Actor, expiringBefore: string, limit: number) => {
  const { readModels } = application();
  const page = await readModels.query({
    index: gsi4.indexName,
    partitionKey: { name: gsi4.partitionKey.name, value: quoteIndexKeys.operatorSent(actor.tenant, actor.userId) },
    sortKeyBefore: { name: gsi4.sortKey.name, value: expiringBefore },
    newestFirst: false,
    limit,
  });
  const items = page.items
    .map((item) => ({ ...quoteListProjection.fromItem(item), version: Number(item.version) }))
    // The partition names the operator and holds sent rows only; checked again on the row, as the list would.
    .filter((quote) => quote.status === 'sent' && quote.operatorId === actor.userId)
    .filter((quote) => actor.role !== 'restricted' || quote.operatorId === actor.userId || quote.createdBy === actor.userId);
  return { items, cut: page.lastKey !== undefined && page.items.length < limit };
};

/** How far ahead the quotes widget looks: validity ending within the next 30 days (today included). */
export const quoteHorizonDays = 30;

/**
 * Reads `people.user` once for the caller: the timezone is needed before the reads (quotes' horizon)
 * and again inside the to-do query, which looks it up itself.
 */
const rememberingCaller = (people: PeopleDirectory, actor: Actor): PeopleDirectory => {
  let caller: ReturnType<PeopleDirectory['user']> | undefined;
  return {
    user: (tenant, userId) => (tenant === actor.tenant && userId === actor.userId ? (caller ??= people.user(tenant, userId)) : people.user(tenant, userId)),
    group: (tenant, groupId) => people.group(tenant, groupId),
    users: (tenant) => people.users(tenant),
    tenants: () => people.tenants(),
  };
};

/**
 * The dashboard (PRODUCT.md "Dashboard"): the caller's five widgets in one answer. Every widget is
 * read IN PARALLEL with the caller's profile (their timezone, for "today"), each reading the rows
 * of its full list — the same read model and restricted-visibility rule, so a widget never shows what
 * the list would not — with `limit` + 1 rows asked for, to tell `more` without a count. Board, tickets
 * and the to-do go through their lists' own query services; opportunities and quotes read the
 * caller's own gsi4 partition of the list rows (readOpportunities, readQuotes): the lists'
 * `owner=mine` (sorted by expected close) and `operator=mine&expiringBefore=` (a filter on the
 * tenant's sent quotes) cannot answer "latest first" / "mine by expiry" in one bounded read.
 * Reads per call, whatever the data's size: the profile 1, board 2 (pinned + page, in parallel),
 * opportunities 1, tickets 1, quotes 1, the to-do 2 per assignee (timed + dated, for the caller and
 * each of their groups): 8 + 2 × the caller's groups.
 */
export const dashboardQueries = (dependencies: DashboardDependencies) => ({
  dashboard: async (actor: Actor, query: { readonly limit: number }) => {
    const application = dependencies.application();
    const now = application.now();
    const people = rememberingCaller(application.people, actor);
    const limit = query.limit;
    const ask = limit + 1;
    // More than `limit` rows read, or a page the read budget cut short: the full list holds (or may hold) more.
    const page = <T>(items: readonly T[], cut = false) => ({ items: items.slice(0, limit), more: items.length > limit || cut });
    // Every read starts at once: only the to-do waits for the caller's profile (its timezone). The
    // quotes are read up to the horizon of the zone furthest ahead (no zone's "today" is past the
    // UTC date + 1) and cut to the caller's own horizon once the profile is in, so the slowest path
    // is two round trips (the profile, then the to-do).
    const profile = people.user(actor.tenant, actor.userId);
    const widestExpiringBefore = addDays(addDays(localDateOf(now, 'UTC'), 1), quoteHorizonDays + 1);
    const [board, opportunities, tickets, todo, quoteCandidates, caller] = await Promise.all([
      // The board's own first page: the pinned message (if any) first, then the newest others.
      boardQueries(dependencies.application).listMessages(actor, { limit: ask }),
      readOpportunities(dependencies.application, actor, ask),
      ticketQueries(dependencies.application).listTickets(actor, { view: 'open', assignee: 'me', limit: ask }),
      readTodo(dependencies.activityIndex(), people, actor, now),
      readQuotes(dependencies.application, actor, widestExpiringBefore, ask),
      profile,
    ]);
    const timezone = caller?.timezone ?? 'UTC';
    const today = localDateOf(now, timezone);
    // `expiringBefore` is exclusive: the day after the horizon's last day.
    const expiringBefore = addDays(today, quoteHorizonDays + 1);
    // Rows come soonest expiry first: cutting the candidates at the caller's horizon keeps exactly
    // the first rows the narrower read would have given; if any were cut, nothing further is theirs.
    const quoteItems = quoteCandidates.items.filter((quote) => quote.validUntil < expiringBefore);
    const quotes = { items: quoteItems, cut: quoteCandidates.cut && quoteItems.length === quoteCandidates.items.length };
    return {
      timezone,
      date: today,
      board: {
        ...page(board.items.map(({ id, authorId, body, mentions, pinned, postedAt, editedAt, version }) => ({ id, authorId, body, mentions, pinned, postedAt, editedAt, version }))),
        link: '/v1/board/messages',
      },
      opportunities: { ...page(opportunities.items, opportunities.cut), link: '/v1/opportunities?owner=mine' },
      tickets: { ...page(tickets.items, tickets.nextCursor !== null), link: '/v1/tickets?view=open&assignee=me' },
      todo: { ...page(todo.items), total: todo.items.length, link: '/v1/todo' },
      quotes: {
        ...page(
          quotes.items.map((quote) => ({ ...quote, expired: quote.validUntil < today })),
          quotes.cut,
        ),
        link: `/v1/quotes?operator=mine&expiringBefore=${expiringBefore}`,
      },
    };
  },
});

export type DashboardQueries = ReturnType<typeof dashboardQueries>;
