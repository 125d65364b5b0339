import type { PeopleDirectory } from '../../domain/access/people.ts';
import { addDays, localDateOf } from '../../domain/activities/local-time.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { readTodo } from '../activities/calendar-queries.ts';
import type { ActivityIndexReads } from '../ports/activity-index.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import { opportunityQueries } from '../sales/opportunity-queries.ts';
import { readModelsTable } from '../../contract/tables.ts';
import { quoteIndexKeys, quoteListProjection } from '../../projections/sales/quote-list.ts';
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

const [, quoteIndex] = readModelsTable.globalSecondaryIndexes;

/**
 * The caller's sent quotes valid until before `expiringBefore`, soonest first: ONE Query of their
 * operator partition (projections/sales/quote-list.ts `operatorSent`: key-only pointers, by expiry),
 * then ONE BatchGetItem of those quotes' list rows — the very rows `GET /v1/quotes` answers. The
 * list's restricted rule (operator or creator is the caller) holds for every row of the caller's own
 * partition; it is applied again on the rows, as the list's filter would.
 */
export const readQuotes = async (application: ApplicationDependencySource, actor: Actor, expiringBefore: string, limit: number) => {
  const { readModels } = application();
  const index = quoteIndex!;
  const pointers = await readModels.query({
    index: index.indexName,
    partitionKey: { name: index.partitionKey.name, value: quoteIndexKeys.operatorSent(actor.tenant, actor.userId) },
    sortKeyBefore: { name: index.sortKey.name, value: expiringBefore },
    newestFirst: false,
    limit,
  });
  const ids = pointers.items.map((item) => String(item.quoteId));
  const rows = ids.length ? await readModels.batchGet(ids.map((id) => quoteListProjection.key(actor.tenant, id))) : [];
  const byId = new Map(rows.map((item) => [String(item.aggregateId), item]));
  const items = ids
    .flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []))
    .map((item) => ({ ...quoteListProjection.fromItem(item), version: Number(item.version) }))
    // The pointer and the row are written by one projector: a row that moved on since is left out.
    .filter((quote) => quote.status === 'sent' && quote.operatorId === actor.userId)
    .filter((quote) => actor.role !== 'restricted' || quote.operatorId === actor.userId || quote.createdBy === actor.userId);
  return { items, cut: pointers.lastKey !== undefined && pointers.items.length < limit };
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
 * count. The quotes widget alone reads the operator's own partition (readQuotes): the list's
 * `operator=mine&expiringBefore=` filters the tenant's sent quotes, which grows with the tenant. The
 * number of reads is constant: board 2 (pinned + page), opportunities 1, tickets 1, quotes 2 (pointers
 * + rows), the to-do 2 per assignee (the caller and each of their groups), whatever the data's size.
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
      readQuotes(dependencies.application, actor, expiringBefore, ask),
    ]);
    return {
      timezone,
      date: today,
      board: { items: [...board.items], more: board.more, link: '/v1/board/messages' },
      opportunities: { ...page(opportunities.items, opportunities.nextCursor !== null), link: '/v1/opportunities?owner=mine&status=open' },
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
