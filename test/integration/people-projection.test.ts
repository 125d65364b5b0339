import { randomUUID } from 'node:crypto';
import { ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { localTableNames } from '../../adapters/dynamodb/client.ts';
import { rebuildReadModels } from '../../adapters/dynamodb/rebuild.ts';
import { groupDecider } from '../../domain/access/group.ts';
import { ReadModelPeopleDirectory } from '../../adapters/people/read-model-people-directory.ts';
import { provisionGroup, provisionUser } from '../../application/administration/provision-people.ts';
import { runCommand } from '../../application/shared/command-runner.ts';
import { provisionSeedPeople } from '../../local/seed-people.ts';
import { seedTenants } from '../../local/seed.ts';
import { peopleKeys } from '../../projections/administration/people.ts';
import { Projector } from '../../projections/projector.ts';
import { actorIn, testDependencies, uniqueTenant } from '../support/dynamo.ts';

const deps = testDependencies();
const { db, eventStore, readModels } = deps;
const projector = new Projector(readModels, eventStore);
const directory = new ReadModelPeopleDirectory(readModels);

const tenantItems = async (tenant: string) => {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page: ScanCommandOutput = await db.send(
      new ScanCommand({
        TableName: localTableNames.readModels,
        FilterExpression: 'tenant = :tenant',
        ExpressionAttributeValues: { ':tenant': tenant },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items.sort((a, b) => `${a.pk}\u0000${a.sk}`.localeCompare(`${b.pk}\u0000${b.sk}`));
};

const projectAll = async (tenant: string, streams: readonly [string, string][]) => {
  for (const [type, id] of streams) for (const event of (await eventStore.load(tenant, type, id)).events) await projector.project(event);
};

const profile = (userId: string) => ({ userId, name: userId.toUpperCase(), email: `${userId}@acme.it`, timezone: 'Europe/Rome', locale: 'it' as const, role: 'standard' as const });

describe('the people read model', () => {
  it('is the same applied twice, and rebuilt from the log, as live; memberships follow the group', async () => {
    const tenant = uniqueTenant('people');
    await provisionUser(deps, tenant, profile('olga'));
    await provisionUser(deps, tenant, profile('tom'));
    await provisionGroup(deps, tenant, { groupId: 'support', name: 'Support', members: ['olga', 'tom'] });
    await runCommand({
      store: eventStore,
      decider: groupDecider,
      actor: actorIn(tenant, 'ada', 'admin'),
      aggregateType: 'group',
      aggregateId: 'support',
      command: { type: 'UpdateGroup', data: { removeMembers: ['tom'], knownUsers: [] } },
      meta: { commandId: randomUUID(), correlationId: 'c' },
      now: () => new Date().toISOString(),
      result: () => ({ statusCode: 200, headers: {}, body: '' }),
    });
    const streams: [string, string][] = [
      ['user', 'olga'],
      ['user', 'tom'],
      ['group', 'support'],
    ];
    await projectAll(tenant, streams);
    const live = await tenantItems(tenant);
    expect(live.map((item) => [item.pk, item.sk]).sort()).toEqual(
      [
        [`${tenant}#group#support`, 'profile'],
        [`${tenant}#user#olga`, 'group#support'],
        [`${tenant}#user#olga`, 'profile'],
        [`${tenant}#user#tom`, 'profile'],
        [peopleKeys.tenants, tenant],
      ].sort(),
    );
    expect((await directory.user(tenant, 'tom'))?.groups).toEqual([]);
    expect((await directory.user(tenant, 'olga'))?.groups).toEqual(['support']);

    await projectAll(tenant, streams);
    expect(await tenantItems(tenant)).toEqual(live);

    const result = await rebuildReadModels({ ...testDependencies(), tenant });
    expect(result).toMatchObject({ aggregates: 3, itemsDeleted: 0 });
    expect(await tenantItems(tenant)).toEqual(live);
    expect(await readModels.get({ pk: peopleKeys.tenants, sk: tenant })).toMatchObject({ tenant });
  });
});

describe('the local seed', () => {
  it('registers the seed users and groups once, through the commands', async () => {
    await provisionSeedPeople(deps);
    const again = await provisionSeedPeople(deps);
    const count = seedTenants.reduce((n, t) => n + t.users.length + t.groups.length, 0);
    expect(again).toEqual({ created: 0, existed: count });
    const { events } = await eventStore.load('demo', 'user', 'restricted');
    expect(events.map((e) => e.type)).toEqual(['UserRegistered']);
    expect(events[0]!.data).toMatchObject({ timezone: 'Europe/Rome', locale: 'it', role: 'restricted' });
    const support = await eventStore.load('demo', 'group', 'support');
    expect(support.events[0]!.data).toMatchObject({ members: ['admin', 'manager', 'standard', 'restricted'] });
  });
});
