import { randomUUID } from 'node:crypto';
import { ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { localTableNames } from '../../adapters/dynamodb/client.ts';
import { rebuildReadModels } from '../../adapters/dynamodb/rebuild.ts';
import { contactDecider, type ContactCommand } from '../../domain/directory/contact.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import { runCommand } from '../../application/shared/command-runner.ts';
import { contactListProjection, contactSearchTokens } from '../../projections/directory/contact-list.ts';
import { itemKey } from '../../projections/projection.ts';
import { Projector } from '../../projections/projector.ts';
import { actorIn, testDependencies, uniqueTenant } from '../support/dynamo.ts';

const deps = testDependencies();
const { db, eventStore, readModels } = deps;
const projector = new Projector(readModels, eventStore);

const run = (actor: Actor, contactId: string, command: ContactCommand) =>
  runCommand({
    store: eventStore,
    decider: contactDecider,
    actor,
    aggregateType: 'contact',
    aggregateId: contactId,
    command,
    meta: { commandId: randomUUID(), correlationId: 'c' },
    now: () => new Date().toISOString(),
    result: ({ version }) => ({ statusCode: 200, headers: {}, body: JSON.stringify({ version }) }),
  });

const tenantItems = async (tenant: string): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page: ScanCommandOutput = await db.send(
      new ScanCommand({
        TableName: localTableNames.readModels,
        ConsistentRead: true,
        FilterExpression: 'begins_with(pk, :prefix)',
        ExpressionAttributeValues: { ':prefix': `${tenant}#` },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  const key = (item: Record<string, unknown>) => itemKey({ pk: String(item.pk), sk: String(item.sk) });
  return items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
};

const seed = async (tenant: string) => {
  const olga = actorIn(tenant, 'olga');
  const id = randomUUID();
  await run(olga, id, {
    type: 'CreateContact',
    data: {
      contactId: id,
      profile: {
        firstName: 'Łukasz',
        lastName: 'Żółć',
        emails: [{ type: 'work', address: 'lukasz@przyklad.pl' }],
        phones: [{ type: 'mobile', number: '+48 601 234 567' }],
        address: { street: 'ul. Długa 5', postcode: '90-001', city: 'Łódź', country: 'PL' },
        tags: ['VIP'],
      },
      accountManagers: ['olga'],
    },
  });
  await run(olga, id, { type: 'LogInteraction', data: { interactionId: 'i1', channel: 'call', direction: 'inbound', notes: 'x'.repeat(4000) } });
  await run(olga, id, { type: 'AddNote', data: { noteId: 'n1', body: 'y'.repeat(4000) } });
  await run(olga, id, { type: 'UpdateContact', data: { profile: { lastName: 'Kowalczyk', stage: 'Klient' }, accountManagers: { add: ['tom'] } } });
  const { events } = await eventStore.load(tenant, 'contact', id);
  return { id, events: events as StoredEvent[] };
};

describe('contact list projection on DynamoDB Local', () => {
  it('projects a contact into a small list item with folded filter fields and one satellite per token', async () => {
    const tenant = uniqueTenant('ctp');
    const { id, events } = await seed(tenant);
    for (const event of events) await projector.project(event);
    const item = await readModels.get(contactListProjection.key(tenant, id));
    expect(item).toMatchObject({
      version: 5,
      firstName: 'lukasz',
      lastName: 'kowalczyk',
      street: 'ul. dluga 5',
      postcode: '90-001',
      city: 'lodz',
      country: 'pl',
      stage: 'klient',
      emails: 'lukasz@przyklad.pl',
      phoneDigits: '601234567 48601234567',
      tags: ['vip'],
      accountManagers: ['olga', 'tom'],
      assigned: true,
      contact: { interactionCount: 1, noteCount: 1, recentInteractions: [], recentNotes: [] },
    });
    const contact = contactListProjection.fromItem(item!);
    const satellites = (await tenantItems(tenant)).filter((i) => String(i.pk).includes('#contact-search#'));
    expect(satellites.map((s) => String(s.sk).split('#')[0]).sort()).toEqual(contactSearchTokens(contact));
    // Sorted within each token as the list by name is: last name, first name.
    expect(satellites.map((s) => String(s.sk).split('#')[1])).toEqual(satellites.map(() => 'kowalczyk lukasz'));
    expect(contactSearchTokens(contact)).toEqual(expect.arrayContaining(['n:lukasz', 'n:kowalczyk', 't:lodz', 'p:48601234567']));
    expect(contactSearchTokens(contact)).not.toContain('n:zolc');
  });

  it('is idempotent, and a rebuild yields exactly the live items', async () => {
    const tenant = uniqueTenant('ctp');
    const { events } = await seed(tenant);
    for (const event of events) await projector.project(event);
    const live = await tenantItems(tenant);
    for (const event of [...events].reverse()) await projector.project(event);
    expect(await tenantItems(tenant)).toEqual(live);
    const result = await rebuildReadModels({ ...testDependencies(), tenant });
    expect(result).toMatchObject({ aggregates: 1, itemsDeleted: 0 });
    expect(await tenantItems(tenant)).toEqual(live);
  });
});
