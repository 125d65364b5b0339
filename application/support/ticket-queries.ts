import { readModelsTable } from '../../contract/tables.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { Assignee, TicketStatus } from '../../events/support/ticket-events.ts';
import { ticketIndexKeys, ticketListProjection, viewOf, type TicketView } from '../../projections/support/ticket-list.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { IndexQuery } from '../ports/read-models.ts';
import { decodeCursor, encodeCursor } from '../shared/cursor.ts';
import { FilterExpression } from '../shared/filter-expression.ts';
import { assigneeToInput } from './ticket-view.ts';

/** Which tickets a list shows, and the page asked for (`cursor`: the previous page's `nextCursor`). */
export interface TicketListFilter {
  /** open = every ticket not closed; ignored when `status` is given. */
  readonly view: TicketView;
  readonly status?: TicketStatus | undefined;
  /** `me` or a user id. */
  readonly assignee?: string | undefined;
  readonly group?: string | undefined;
  readonly company?: string | undefined;
  readonly priority?: string | undefined;
  readonly type?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

const [gsi1, gsi2, gsi3] = readModelsTable.globalSecondaryIndexes;

/**
 * Restricted users see tickets assigned to them or their groups, opened by them, or unassigned — the
 * same rule as domain/support/ticket-policy.ts, expressed as a filter on the list items.
 */
const restrictTo = (filter: FilterExpression, actor: Actor) => {
  const groups = actor.groups.map((_, i) => `:rg${i}`);
  const clauses = ['#au = :me', '#ob = :me', '(attribute_not_exists(#au) AND attribute_not_exists(#ag))'];
  if (groups.length) clauses.push(`#ag IN (${groups.join(', ')})`);
  filter.clause(
    `(${clauses.join(' OR ')})`,
    { '#au': 'assigneeUser', '#ag': 'assigneeGroup', '#ob': 'openedBy' },
    { ':me': actor.userId, ...Object.fromEntries(actor.groups.map((group, i) => [`:rg${i}`, group])) },
  );
};

/**
 * Picks the most selective index for the filters (assignee or group -> gsi2, company -> gsi3, else
 * the whole view on gsi1) and applies the remaining filters on the items read.
 */
export const ticketListIndexQuery = (actor: Actor, query: TicketListFilter): Omit<IndexQuery, 'startKey'> => {
  const view: TicketView = query.status ? viewOf(query.status) : query.view;
  const filter = new FilterExpression();
  const assigneeUser = query.assignee === 'me' ? actor.userId : query.assignee;
  const byAssignee: Assignee | undefined = assigneeUser
    ? { kind: 'user', userId: assigneeUser }
    : query.group
      ? { kind: 'group', groupId: query.group }
      : undefined;

  let index = gsi1!;
  let partition = ticketIndexKeys.all(actor.tenant, view);
  if (byAssignee) {
    index = gsi2!;
    partition = ticketIndexKeys.assignee(actor.tenant, view, byAssignee);
    if (assigneeUser && query.group) filter.compare('assigneeGroup', '=', query.group);
  } else if (query.company) {
    index = gsi3!;
    partition = ticketIndexKeys.company(actor.tenant, view, query.company);
  }
  if (query.company && index !== gsi3) filter.compare('companyId', '=', query.company);
  if (query.status) filter.compare('status', '=', query.status);
  if (query.priority) filter.compare('priority', '=', query.priority);
  if (query.type) filter.compare('type', '=', query.type);
  if (actor.role === 'restricted') restrictTo(filter, actor);

  return {
    index: index.indexName,
    partitionKey: { name: index.partitionKey.name, value: partition },
    ...(filter.isEmpty ? {} : { filter: filter.expression }),
    newestFirst: true,
    limit: query.limit,
  };
};

/**
 * The ticket lists (the ticket list read model; eventually consistent). A cursor edited or taken from
 * another list is a MalformedInputError naming `cursor`.
 */
export const ticketQueries = (dependencies: ApplicationDependencySource) => ({
  listTickets: async (actor: Actor, filter: TicketListFilter) => {
    const indexQuery = ticketListIndexQuery(actor, filter);
    const startKey = decodeCursor(filter.cursor, indexQuery.partitionKey);
    const page = await dependencies().readModels.query({ ...indexQuery, ...(startKey ? { startKey } : {}) });
    return {
      items: page.items.map((item) => {
        const row = ticketListProjection.fromItem(item);
        return { ...row, assignee: assigneeToInput(row.assignee), version: Number(item.version) };
      }),
      nextCursor: encodeCursor(page.lastKey),
    };
  },
});

export type TicketQueries = ReturnType<typeof ticketQueries>;
