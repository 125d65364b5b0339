import type { PeopleDirectory } from '../../domain/access/people.ts';
import { addDays, localDateOf } from '../../domain/activities/local-time.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { readTodo } from '../activities/calendar-queries.ts';
import type { ActivityIndexReads } from '../ports/activity-index.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import { opportunityQueries } from '../sales/opportunity-queries.ts';
import { quoteQueries } from '../sales/quote-queries.ts';
import { ticketQueries } from '../support/ticket-queries.ts';

/** A board message as the widget shows it (the board's read model, owned by the board capability). */
export interface BoardWidgetItem {
  readonly id: string;
  readonly authorId: string;
  readonly body: string;
  readonly pinned: boolean;
  readonly postedAt: string;
}

/**
 * The port the board widget reads through: the latest `limit` messages the actor may see (pinned
 * first, then newest first) in ONE bounded read, and whether there are more.
 */
export interface BoardWidgetReads {
  latest(actor: Actor, limit: number): Promise<{ readonly items: readonly BoardWidgetItem[]; readonly more: boolean }>;
}

export interface DashboardDependencies {
  readonly application: ApplicationDependencySource;
  readonly activityIndex: () => ActivityIndexReads;
  readonly board: () => BoardWidgetReads;
}

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
    const page = <T>(items: readonly T[]) => ({ items: items.slice(0, limit), more: items.length > limit });

    const [board, opportunities, tickets, todo, quotes] = await Promise.all([
      dependencies.board().latest(actor, limit),
      opportunityQueries(dependencies.application).listOpportunities(actor, { owner: 'mine', status: 'open', limit: ask }),
      ticketQueries(dependencies.application).listTickets(actor, { view: 'open', assignee: 'me', limit: ask }),
      readTodo(dependencies.activityIndex(), people, actor, now),
      quoteQueries(dependencies.application).listQuotes(actor, { operator: 'mine', expiringBefore, limit: ask }),
    ]);
    return {
      timezone,
      date: today,
      board: { items: [...board.items], more: board.more, link: '/v1/board/messages' },
      opportunities: { ...page(opportunities.items), link: '/v1/opportunities?owner=mine&status=open' },
      tickets: { ...page(tickets.items), link: '/v1/tickets?view=open&assignee=me' },
      todo: { ...page(todo.items), total: todo.items.length, link: '/v1/todo' },
      quotes: {
        ...page(quotes.items.map((quote) => ({ ...quote, expired: quote.validUntil < today }))),
        link: `/v1/quotes?operator=mine&expiringBefore=${expiringBefore}`,
      },
    };
  },
});

export type DashboardQueries = ReturnType<typeof dashboardQueries>;
