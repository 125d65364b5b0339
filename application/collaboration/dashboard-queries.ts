import type { PeopleDirectory } from '../../domain/access/people.ts';
import { addDays, localDateOf } from '../../domain/activities/local-time.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { readTodo } from '../activities/calendar-queries.ts';
import type { ActivityIndexReads } from '../ports/activity-index.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import { opportunityQueries } from '../sales/opportunity-queries.ts';
import { readModelsTable } from '../../contract/tables.ts';
import { quoteListProjection } from '../../projections/sales/quote-list.ts';
import { quoteListIndexQuery, type QuoteListFilter } from '../sales/quote-queries.ts';
import { ticketQueries } from '../support/ticket-queries.ts';
import type { BoardMessageView } from './board-message-view.ts';
import { boardQueries } from './board-queries.ts';

/** A board message as the widget shows it (the board's list view, application/collaboration/board-message-view.ts). */
export type BoardWidgetItem = Pick<BoardMessageView, 'id' | 'authorId' | 'body' | 'mentions' | 'pinned' | 'postedAt' | 'editedAt' | 'version'>;

/**
 * The port the board widget reads through: the latest `limit` messages the actor may see (pinned
 * first, then newest first) in ONE bounded read, and whether there are more.
 */
export interface BoardWidgetReads {
  latest(actor: Actor, limit: number): Promise<{ readonly items: readonly BoardWidgetItem[]; readonly more: boolean }>;
}

/**
 * The board widget from the board's own list (`GET /v1/board/messages`, first page): the pinned
 * message and the newest others, two reads in parallel; `limit` + 1 others asked for, to tell `more`.
 */
export const boardWidgetReads = (application: ApplicationDependencySource): BoardWidgetReads => ({
  latest: async (actor, limit) => {
    const page = await boardQueries(application).listMessages(actor, { limit: limit + 1 });
    const items = page.items.map(({ id, authorId, body, mentions, pinned, postedAt, editedAt, version }) => ({ id, authorId, body, mentions, pinned, postedAt, editedAt, version }));
    return { items: items.slice(0, limit), more: items.length > limit };
  },
});

export interface DashboardDependencies {
  readonly application: ApplicationDependencySource;
  readonly activityIndex: () => ActivityIndexReads;
  readonly board: () => BoardWidgetReads;
}

/**
 * The quotes widget reads the tenant's sent quotes by expiry, filtered to the caller's (the list's own
 * index, filter and visibility: `quoteListIndexQuery`): their rows are sparse there, so each request
 * evaluates this many rows instead of only the missing ones — a few requests, not the page budget's ten.
 */
const quoteReadAhead = 200;
const [, quoteIndex] = readModelsTable.globalSecondaryIndexes;

/** The caller's sent quotes expiring before a date, as `GET /v1/quotes` lists them, read ahead under the filter. */
const readQuotes = async (application: ApplicationDependencySource, actor: Actor, filter: QuoteListFilter) => {
  const index = quoteIndex!;
  const page = await application().readModels.query({
    ...quoteListIndexQuery(actor, filter),
    readAhead: {
      rows: quoteReadAhead,
      keyOf: (item) => ({
        [readModelsTable.partitionKey.name]: item[readModelsTable.partitionKey.name],
        [readModelsTable.sortKey.name]: item[readModelsTable.sortKey.name],
        [index.partitionKey.name]: item[index.partitionKey.name],
        [index.sortKey.name]: item[index.sortKey.name],
      }),
    },
  });
  return { items: page.items.map((item) => ({ ...quoteListProjection.fromItem(item), version: Number(item.version) })), lastKey: page.lastKey };
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
 * The dashboard (PRODUCT.md "Dashboard"): the caller's five widgets in one answer. One read of the
 * caller's profile (their timezone, for "today"), then every widget IN PARALLEL, each through the very
 * query service of its full list — the same index, filter and restricted-visibility rule, so a widget
 * never shows what the list would not — with `limit` + 1 rows asked for, to tell `more` without a
 * count. The number of reads is constant: one page per list (the read-model store's bounded page), the
 * to-do one per assignee (the caller and each of their groups), whatever the data's size.
 */
export const dashboardQueries = (dependencies: DashboardDependencies) => ({
  dashboard: async (actor: Actor, query: { readonly limit: number }) => {
    const application = dependencies.application();
    const now = application.now();
    const people = rememberingCaller(application.people, actor);
    const timezone = (await people.user(actor.tenant, actor.userId))?.timezone ?? 'UTC';
    const today = localDateOf(now, timezone);
    // `expiringBefore` is exclusive: the day after the horizon's last day.
    const expiringBefore = addDays(today, quoteHorizonDays + 1);
    const limit = query.limit;
    const ask = limit + 1;
    // More than `limit` rows read, or a page the read budget cut short: the full list holds (or may hold) more.
    const page = <T>(items: readonly T[], cut = false) => ({ items: items.slice(0, limit), more: items.length > limit || cut });

    const [board, opportunities, tickets, todo, quotes] = await Promise.all([
      dependencies.board().latest(actor, limit),
      opportunityQueries(dependencies.application).listOpportunities(actor, { owner: 'mine', status: 'open', limit: ask }),
      ticketQueries(dependencies.application).listTickets(actor, { view: 'open', assignee: 'me', limit: ask }),
      readTodo(dependencies.activityIndex(), people, actor, now),
      readQuotes(dependencies.application, actor, { operator: 'mine', expiringBefore, limit: ask }),
    ]);
    return {
      timezone,
      date: today,
      board: { items: [...board.items], more: board.more, link: '/v1/board/messages' },
      opportunities: { ...page(opportunities.items), link: '/v1/opportunities?owner=mine&status=open' },
      tickets: { ...page(tickets.items), link: '/v1/tickets?view=open&assignee=me' },
      todo: { ...page(todo.items), total: todo.items.length, link: '/v1/todo' },
      quotes: {
        ...page(
          quotes.items.map((quote) => ({ ...quote, expired: quote.validUntil < today })),
          quotes.lastKey !== undefined,
        ),
        link: `/v1/quotes?operator=mine&expiringBefore=${expiringBefore}`,
      },
    };
  },
});

export type DashboardQueries = ReturnType<typeof dashboardQueries>;
