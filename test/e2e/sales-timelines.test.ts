import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { salesAggregates } from '../../projections/sales/sales-timeline.ts';
import { created, tenantWith } from '../support/directory-fixtures.ts';
import { testDependencies } from '../support/dynamo.ts';
import { apiClient, eventually } from '../support/http-client.ts';
import { startLocalStack } from '../support/local-stack.ts';
import { appendTo, opportunityFields, quoteContent, salesOrderData } from '../support/sales-events.ts';

/**
 * Sales on `GET /v1/{companies|leads}/{id}/timeline`. The sales events are the contract (events/sales/):
 * they are appended to the log here as the sales commands append them, and reach the timelines through
 * the stream and the projector, as every event does.
 */

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

let stack: Stack;
let api: ReturnType<typeof apiClient>;
const { eventStore } = testDependencies();

beforeAll(async () => {
  stack = await startLocalStack();
  api = apiClient(stack.url);
});
afterAll(async () => stack?.stop());

interface Entry {
  kind: string;
  event: string;
  source: { type: string; id: string };
  summary: Record<string, unknown>;
}

const timeline = async (token: string, path: string): Promise<Entry[]> => {
  const response = await api.get(`${path}/timeline`, token);
  expect(response.status, response.text).toBe(200);
  return response.body.items;
};

/** Sales entries only, as `<kind>:<action>`, newest first. */
const sales = (entries: Entry[]) => entries.filter((e) => ['opportunity', 'quote', 'order'].includes(e.kind)).map((e) => `${e.kind}:${String(e.summary.action)}`);

/** Appends one event to a sales stream, now (the server stamps the directory's events with its clock too). */
const append = async (tenant: string, aggregateType: string, aggregateId: string, expectedVersion: number, type: string, data: unknown, actor = 'olga') =>
  appendTo(eventStore, tenant, { aggregateType, aggregateId, expectedVersion }, [{ type, data }], { at: new Date().toISOString(), actor });

describe('sales on the company and lead timelines', () => {
  it("shows opportunities, quotes and orders on their parties' timelines, a restricted user only their own and unassigned ones", async () => {
    const { tenant, olga, rita } = await tenantWith(stack, 'stl');
    const acme = await created(api, '/v1/companies', olga, { legalName: 'Acme' });
    const lead = await created(api, '/v1/leads', olga, { companyName: 'Beta Srl', lastName: 'Rossi' });
    const [opportunityId, quoteId, orderId] = [randomUUID(), randomUUID(), randomUUID()];
    const parties = [{ kind: 'company', id: acme.id }, { kind: 'lead', id: lead.id }] as const;

    await append(tenant, salesAggregates.opportunity, opportunityId, 0, 'OpportunityCreated', {
      opportunityId,
      leadId: null,
      ...opportunityFields({ title: 'Fit-out', parties: [...parties], ownerId: 'tom', amount: '1200.50', stage: 'proposal' }),
    });
    await append(tenant, salesAggregates.quote, quoteId, 0, 'QuoteDrafted', {
      quoteId,
      reference: 'Q-2027-00001',
      year: 2027,
      number: 1,
      content: quoteContent({ party: parties[1], operatorId: 'rita' }),
    });
    await append(tenant, salesAggregates.order, orderId, 0, 'SalesOrderCreated', salesOrderData(orderId, randomUUID(), parties[0], { operatorId: 'olga' }));

    const company = `/v1/companies/${acme.id}`;
    const leadPath = `/v1/leads/${lead.id}`;
    await eventually(async () => expect(sales(await timeline(olga, company))).toEqual(['order:created', 'opportunity:created']));
    await eventually(async () => expect(sales(await timeline(olga, leadPath))).toEqual(['quote:drafted', 'opportunity:created']));
    const [order, opportunity] = (await timeline(olga, company)).filter((e) => e.kind !== 'created');
    expect(opportunity).toMatchObject({
      event: 'OpportunityCreated',
      source: { type: 'opportunity', id: opportunityId },
      summary: { opportunityId, title: 'Fit-out', stage: 'proposal', amount: '1200.50', currency: 'EUR', status: 'open' },
    });
    expect(order).toMatchObject({ event: 'SalesOrderCreated', source: { type: 'order', id: orderId }, summary: { reference: 'SO-2027-00001', gross: '122.00' } });
    // What the timeline shows is not the reader's access data.
    expect(JSON.stringify(await timeline(olga, company))).not.toContain('salesAccess');

    // rita (restricted) sees the unassigned company and lead, but only her quote: not tom's opportunity, not olga's order.
    expect(sales(await timeline(rita, company))).toEqual([]);
    expect(sales(await timeline(rita, leadPath))).toEqual(['quote:drafted']);
  });

  it("keeps a converted lead's sales on the company it became, before and after the conversion", async () => {
    const { tenant, olga } = await tenantWith(stack, 'stc');
    const lead = await created(api, '/v1/leads', olga, { companyName: 'Gamma Spa', lastName: 'Verdi' });
    const [opportunityId, quoteId] = [randomUUID(), randomUUID()];
    const party = { kind: 'lead', id: lead.id } as const;
    await append(tenant, salesAggregates.opportunity, opportunityId, 0, 'OpportunityCreated', { opportunityId, leadId: null, ...opportunityFields({ parties: [party] }) });
    await append(tenant, salesAggregates.quote, quoteId, 0, 'QuoteDrafted', { quoteId, reference: 'Q-2027-00007', year: 2027, number: 7, content: quoteContent({ party }) });
    await eventually(async () => expect(sales(await timeline(olga, `/v1/leads/${lead.id}`))).toEqual(['quote:drafted', 'opportunity:created']));

    const converted = await api.post(`/v1/leads/${lead.id}/convert`, olga, {});
    expect(converted.status, converted.text).toBe(200);
    const { companyId } = converted.body as { companyId: string };
    // The quote still names the lead: sent after the conversion, it reaches the company through the lead's timeline.
    await append(tenant, salesAggregates.quote, quoteId, 1, 'QuoteSent', { quoteId, revision: 1, sentTo: null });

    await eventually(async () => expect(sales(await timeline(olga, `/v1/companies/${companyId}`))).toEqual(['quote:sent', 'quote:drafted', 'opportunity:created']));
  });

  it('shows what the sales routes write: an opportunity, its quote sent and accepted, the order', async () => {
    const { olga } = await tenantWith(stack, 'str');
    const acme = await created(api, '/v1/companies', olga, { legalName: 'Acme' });
    const party = { kind: 'company', id: acme.id };
    const opportunity = await created(api, '/v1/opportunities', olga, { title: 'Fleet', parties: [party], amount: '5000', currency: 'EUR' });
    const quote = await created(api, '/v1/quotes', olga, {
      party,
      operatorId: 'olga',
      validFrom: '2027-01-10',
      validUntil: '2999-12-31',
      lines: [{ description: 'Vans', quantity: '3', unitPrice: '33.33', vatRate: '22' }],
      description: 'Fleet offer',
      opportunityId: opportunity.id,
    });
    expect((await api.post(`/v1/quotes/${quote.id}/send`, olga, {})).status).toBe(200);
    const accepted = await api.post(`/v1/quotes/${quote.id}/accept`, olga, {});
    expect(accepted.status, accepted.text).toBe(200);

    const company = `/v1/companies/${acme.id}`;
    await eventually(async () =>
      expect(sales(await timeline(olga, company)).toSorted()).toEqual(
        ['opportunity:created', 'quote:drafted', 'quote:sent', 'quote:accepted', 'order:created', 'opportunity:won'].toSorted(),
      ),
    );
    const entries = await timeline(olga, company);
    // 3 × 33.33 = 99.99, VAT 22 % once: 22.00; gross 121.99.
    expect(entries.find((e) => e.kind === 'order')).toMatchObject({ summary: { gross: '121.99', currency: 'EUR', quoteId: quote.id } });
    expect(entries.find((e) => e.event === 'QuoteAccepted')).toMatchObject({ summary: { reference: quote.reference, status: 'accepted', gross: '121.99' } });
    expect(entries.find((e) => e.event === 'OpportunityWon')).toMatchObject({ summary: { title: 'Fleet', status: 'won', amount: '5000.00', quoteId: quote.id } });
  });
});
