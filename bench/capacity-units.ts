import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventStore } from '../adapters/dynamodb/event-store.ts';
import { EventStorePeople } from '../adapters/people/event-store-people.ts';
import { ReadModelPeopleDirectory } from '../adapters/people/read-model-people-directory.ts';
import { EventStoreTenantSettings } from '../adapters/settings/event-store-tenant-settings.ts';
import { ReadModelStore } from '../adapters/dynamodb/read-model-store.ts';
import { randomIds, systemClock } from '../adapters/clock.ts';
import type { TableNames } from '../adapters/dynamodb/client.ts';
import type { Dependencies } from '../functions/shared/dependencies.ts';
import { Projector } from '../projections/projector.ts';
import { createLambdaContext } from '../local/lambda-context.ts';
import { apiEvent, type ApiHandler } from './api-event.ts';
import type { CapacityMeter, CapacityTotals } from './capacity-meter.ts';

/**
 * (e) Capacity units per command, from ReturnConsumedCapacity. The real support handler (middy stack,
 * router, zod, runCommand) is invoked in-process with an API Gateway v2 event and dependencies built
 * on the metered client; the projector then applies the command's events through the metered client
 * too, so the read-model cost of each command is shown next to its write-side cost.
 */
export interface CommandCapacity {
  readonly name: string;
  readonly samples: number;
  /** Mean per command of the handler's own requests (event store / read models). */
  readonly command: {
    /** As DynamoDB Local reported it. */
    readonly rcu: number;
    /** By AWS's pricing rules (empty queries cost their minimum; see capacity-meter.ts). */
    readonly rcuPriced: number;
    /** As DynamoDB Local reported it. */
    readonly wcu: number;
    /** By AWS's pricing rules (transactions priced from item sizes; see capacity-meter.ts). */
    readonly wcuPriced: number;
    readonly requests: string;
  };
  /** Mean per command of the projector's work for the command's events. */
  readonly projection: { readonly rcu: number; readonly wcu: number; readonly requests: string };
}

export interface CapacityResult {
  /** Whether DynamoDB Local answered every metered request with a ConsumedCapacity. */
  readonly reportedByDynamoDbLocal: boolean;
  readonly reported: number;
  readonly requests: number;
  readonly rows: readonly CommandCapacity[];
  readonly listPageSize: number;
}

const describe = (commands: Readonly<Record<string, number>>, samples: number): string =>
  Object.entries(commands)
    .map(([name, count]) => `${name.replace(/Command$/, '')}×${+(count / samples).toFixed(2)}`)
    .join(' + ') || '—';

export const measureCapacityUnits = async (
  meteredDb: DynamoDBDocumentClient,
  plainDb: DynamoDBDocumentClient,
  meter: CapacityMeter,
  tables: TableNames,
  options: { samples: number },
): Promise<CapacityResult> => {
  const tenant = 'bench-capacity';
  const userId = 'bench-operator';
  const dependencies: Dependencies = {
    db: meteredDb,
    eventsTable: tables.events,
    eventStore: new EventStore(meteredDb, tables.events),
    readModels: new ReadModelStore(meteredDb, tables.readModels),
    now: systemClock,
    newId: randomIds,
    people: new ReadModelPeopleDirectory(new ReadModelStore(meteredDb, tables.readModels)),
    peopleOfRecord: new EventStorePeople(new EventStore(meteredDb, tables.events)),
    settings: new EventStoreTenantSettings(new EventStore(meteredDb, tables.events)),
  };
  const { createSupportHandler } = await import('../functions/http/support.ts');
  const handler = createSupportHandler(() => dependencies) as unknown as ApiHandler;
  const context = () => createLambdaContext({ functionName: 'cronaca-supportApi', memorySize: 1024, timeoutSeconds: 10 });

  const projector = new Projector(new ReadModelStore(meteredDb, tables.readModels), new EventStore(meteredDb, tables.events));
  const plainStore = new EventStore(plainDb, tables.events);
  let reported = 0;
  let requests = 0;
  const take = (): CapacityTotals => {
    const totals = meter.take();
    reported += totals.reported;
    requests += totals.requests;
    return totals;
  };

  /** Projects the events of `ticketId` after `fromVersion` and returns the projector's capacity. */
  const project = async (ticketId: string, fromVersion: number): Promise<CapacityTotals> => {
    take();
    const { events } = await plainStore.load(tenant, 'ticket', ticketId);
    for (const event of events.filter((e) => e.version > fromVersion)) await projector.project(event);
    return take();
  };

  const invoke = async (event: APIGatewayProxyEventV2WithJWTAuthorizer, expected: number) => {
    const response = await handler(event, context());
    if (response.statusCode !== expected) {
      throw new Error(`${event.routeKey} answered ${response.statusCode}, expected ${expected}: ${response.body}`);
    }
    return JSON.parse(response.body ?? '{}') as { id: string; version: number };
  };

  const openEvent = (idempotencyKey?: string) =>
    apiEvent({
      method: 'POST',
      routePath: '/v1/tickets',
      path: '/v1/tickets',
      body: { companyId: 'company-1', subject: 'The printer on the second floor does not print', description: 'Error E-42 since this morning.' },
      ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}),
      tenant,
      userId,
    });
  const ticketEvent = (id: string, action: string, body: unknown) =>
    apiEvent({
      method: 'POST',
      routePath: `/v1/tickets/{id}/${action}`,
      path: `/v1/tickets/${id}/${action}`,
      pathParameters: { id },
      body,
      tenant,
      userId,
    });

  // Warm-up (module initialisation, first connections) outside the measurement.
  const warm = await invoke(openEvent(), 201);
  await project(warm.id, 0);
  take();

  const rows: CommandCapacity[] = [];
  const measure = async (name: string, run: (i: number) => Promise<{ ticketId: string; fromVersion: number } | null>) => {
    let commandRead = 0;
    let commandReadPriced = 0;
    let commandWrite = 0;
    let commandPriced = 0;
    let projectionRead = 0;
    let projectionWrite = 0;
    const commandCounts: Record<string, number> = {};
    const projectionCounts: Record<string, number> = {};
    const addCounts = (into: Record<string, number>, from: Readonly<Record<string, number>>) => {
      for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
    };
    for (let i = 0; i < options.samples; i += 1) {
      take();
      const projected = await run(i);
      const command = take();
      commandRead += command.readUnits;
      commandReadPriced += command.pricedReadUnits;
      commandWrite += command.writeUnits;
      commandPriced += command.pricedWriteUnits;
      addCounts(commandCounts, command.commands);
      if (projected) {
        const projection = await project(projected.ticketId, projected.fromVersion);
        projectionRead += projection.readUnits;
        projectionWrite += projection.writeUnits;
        addCounts(projectionCounts, projection.commands);
      }
    }
    const n = options.samples;
    rows.push({
      name,
      samples: n,
      command: { rcu: commandRead / n, rcuPriced: commandReadPriced / n, wcu: commandWrite / n, wcuPriced: commandPriced / n, requests: describe(commandCounts, n) },
      projection: { rcu: projectionRead / n, wcu: projectionWrite / n, requests: describe(projectionCounts, n) },
    });
  };

  const opened: string[] = [];
  await measure('open ticket (POST /v1/tickets)', async () => {
    const ticket = await invoke(openEvent(), 201);
    opened.push(ticket.id);
    return { ticketId: ticket.id, fromVersion: 0 };
  });
  await measure('open ticket with Idempotency-Key', async () => {
    const ticket = await invoke(openEvent(randomUUID()), 201);
    return { ticketId: ticket.id, fromVersion: 0 };
  });
  await measure('take (POST /v1/tickets/{id}/take)', async (i) => {
    const id = opened[i]!;
    await invoke(ticketEvent(id, 'take', undefined), 200);
    return { ticketId: id, fromVersion: 1 };
  });
  await measure('comment (POST /v1/tickets/{id}/comments)', async (i) => {
    const id = opened[i]!;
    const ticket = await invoke(ticketEvent(id, 'comments', { body: 'Tried again after a restart: same error.' }), 200);
    return { ticketId: id, fromVersion: ticket.version - 1 };
  });

  // The idempotency record stores the whole response, i.e. the ticket with all its comments: on a
  // long ticket a replayable command writes a bigger item.
  const longTicket = await invoke(openEvent(), 201);
  const longComments = 20;
  for (let i = 0; i < longComments; i += 1) {
    await invoke(ticketEvent(longTicket.id, 'comments', { body: 'Tried again after a restart: same error.' }), 200);
  }
  await project(longTicket.id, 0);
  await measure(`comment with Idempotency-Key on a ticket with ≥ ${longComments} comments`, async () => {
    const event = ticketEvent(longTicket.id, 'comments', { body: 'Tried again after a restart: same error.' });
    event.headers['idempotency-key'] = randomUUID();
    const ticket = await invoke(event, 200);
    return { ticketId: longTicket.id, fromVersion: ticket.version - 1 };
  });

  // A full list page: make sure the open view holds more tickets than one page.
  const listPageSize = 50;
  for (let i = opened.length; i < listPageSize + 5; i += 1) {
    const ticket = await invoke(openEvent(), 201);
    await project(ticket.id, 0);
  }
  let pageItems = 0;
  await measure(`list page (GET /v1/tickets?view=open, ${listPageSize} items)`, async () => {
    const response = await handler(
      apiEvent({ method: 'GET', routePath: '/v1/tickets', path: '/v1/tickets', query: { view: 'open', limit: String(listPageSize) }, tenant, userId }),
      context(),
    );
    if (response.statusCode !== 200) throw new Error(`GET /v1/tickets answered ${response.statusCode}: ${response.body}`);
    pageItems = (JSON.parse(response.body ?? '{}') as { items: unknown[] }).items.length;
    return null;
  });
  if (pageItems !== listPageSize) throw new Error(`the list page held ${pageItems} items, expected ${listPageSize}`);

  return { reportedByDynamoDbLocal: requests > 0 && reported === requests, reported, requests, rows, listPageSize };
};
