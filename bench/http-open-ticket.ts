import { randomUUID } from 'node:crypto';
import { StreamConflictError } from '../adapters/dynamodb/event-store-errors.ts';
import { emptyCompanyProfile } from '../domain/directory/company.ts';
import { dependenciesFromEnv } from '../functions/shared/dependencies.ts';
import { createLambdaContext } from '../local/lambda-context.ts';
import { apiEvent, type ApiHandler } from './api-event.ts';
import type { OpenTicketFloorTimings } from './raw-transactions.ts';
import { summarize, timed, type Summary } from './stats.ts';

/**
 * (b) `POST /v1/tickets` through the local HTTP server: real router, JWT verification, middy stack,
 * runCommand (a warm process: one TransactWriteItems of the event and the counter, conditioned on the
 * counter value it remembers; nothing to load for a fresh id, but the ticket's company is read from its
 * stream — one strongly consistent Query — to check it exists). Sequential requests on a kept-alive connection, after a warm-up.
 *
 * Interleaved with it, to split the time: the same request with an `Idempotency-Key`, the same
 * support handler module invoked in-process with an API Gateway event (no HTTP, no token check),
 * (a)'s raw transaction and the three raw requests of an OpenTicket, all under the same conditions.
 */
export interface HttpOpenTicketResult {
  readonly plain: Summary;
  /** With an `Idempotency-Key` (one more GetItem and one more item in the transaction). */
  readonly idempotent?: Summary;
  /** The handler the server runs, called directly. */
  readonly inProcess: Summary;
  /** (a)'s raw one-put transaction, interleaved: the same machine state as the requests. */
  readonly raw?: Summary;
  /** The three raw requests of an OpenTicket (see raw-transactions.ts), interleaved. */
  readonly floor?: { readonly [K in keyof OpenTicketFloorTimings]: Summary };
}

const body = { companyId: 'company-1', subject: 'The printer on the second floor does not print' };

/** The company the tickets are opened for: it must exist (written once per tenant, events only). */
export const ensureBenchCompany = async (tenant: string, companyId: string = body.companyId): Promise<void> => {
  const profile = { ...emptyCompanyProfile, legalName: 'Bench Srl' };
  await dependenciesFromEnv()
    .eventStore.commit({
      tenant,
      at: new Date().toISOString(),
      meta: { actor: 'bench', commandId: randomUUID(), correlationId: randomUUID() },
      streams: [
        {
          aggregateType: 'company',
          aggregateId: companyId,
          expectedVersion: 0,
          events: [{ type: 'CompanyRegistered', data: { companyId, code: 'C000001', profile, responsibleUserId: null, accountManagers: [], status: null } }],
        },
      ],
    })
    .catch((error: unknown) => {
      if (!(error instanceof StreamConflictError)) throw error;
    });
};

const openOverHttp = async (url: string, token: string, idempotencyKey?: string): Promise<void> => {
  const response = await fetch(`${url}/v1/tickets`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`POST /v1/tickets answered ${response.status}: ${text}`);
};

export const measureHttpOpenTicket = async (
  stack: { url: string; token: string; tenant: string; userId: string },
  handler: ApiHandler,
  options: {
    n: number;
    warmup: number;
    idempotent: boolean;
    raw?: () => Promise<unknown>;
    floor?: () => Promise<OpenTicketFloorTimings>;
  },
): Promise<HttpOpenTicketResult> => {
  const openInProcess = async (): Promise<void> => {
    const event = apiEvent({ method: 'POST', routePath: '/v1/tickets', path: '/v1/tickets', body, tenant: stack.tenant, userId: stack.userId });
    const response = await handler(event, createLambdaContext({ functionName: 'cronaca-supportApi', memorySize: 1024, timeoutSeconds: 10 }));
    if (response.statusCode !== 201) throw new Error(`in-process POST /v1/tickets answered ${response.statusCode}: ${response.body}`);
  };

  await ensureBenchCompany(stack.tenant);
  for (let i = 0; i < options.warmup; i += 1) {
    await openOverHttp(stack.url, stack.token, i % 2 ? randomUUID() : undefined);
    await openInProcess();
  }
  const plain: number[] = [];
  const idempotent: number[] = [];
  const inProcess: number[] = [];
  const raw: number[] = [];
  const floor: OpenTicketFloorTimings[] = [];
  // Interleaved, so that every series sees the same state of the machine and of the table.
  for (let i = 0; i < options.n; i += 1) {
    plain.push((await timed(() => openOverHttp(stack.url, stack.token))).ms);
    if (options.idempotent) idempotent.push((await timed(() => openOverHttp(stack.url, stack.token, randomUUID()))).ms);
    inProcess.push((await timed(openInProcess)).ms);
    if (options.raw) raw.push((await timed(options.raw)).ms);
    if (options.floor) floor.push(await options.floor());
  }
  const floorPart = (key: keyof OpenTicketFloorTimings) => summarize(floor.map((f) => f[key]));
  return {
    plain: summarize(plain),
    ...(options.idempotent ? { idempotent: summarize(idempotent) } : {}),
    inProcess: summarize(inProcess),
    ...(options.raw ? { raw: summarize(raw) } : {}),
    ...(options.floor
      ? { floor: { transaction: floorPart('transaction') } }
      : {}),
  };
};
