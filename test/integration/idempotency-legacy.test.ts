import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient, localTableNames } from '../../adapters/dynamodb/client.ts';
import { idempotencyKey, singletonVersion } from '../../adapters/dynamodb/event-keys.ts';
import { EventStore } from '../../adapters/dynamodb/event-store.ts';
import { answer } from '../../functions/http/idempotency.ts';
import { uniqueTenant } from '../support/dynamo.ts';

/**
 * Idempotency items written before results were neutral kept the rendered HTTP response. They live
 * 24 hours after the deploy that changed the format: a retry within that day still gets its first
 * answer, byte for byte.
 */
const db = createDocumentClient();
const store = new EventStore(db, localTableNames.events);
const at = '2026-12-01T10:00:00.000Z';

describe('an idempotency item of the earlier format', () => {
  it('given an item that kept the rendered response, when it is replayed, then the edge answers that response with Idempotent-Replayed', async () => {
    const tenant = uniqueTenant('legacy');
    const response = { statusCode: 201, headers: { 'content-type': 'application/json; charset=utf-8', etag: '"1"', location: '/v1/tickets/a' }, body: '{"id":"a","number":7}' };
    await db.send(
      new PutCommand({
        TableName: localTableNames.events,
        Item: { pk: idempotencyKey(tenant, 'olga:k1'), version: singletonVersion, kind: 'idempotency', requestHash: 'h1', response, createdAt: at, expiresAt: Math.floor(Date.parse(at) / 1000) + 86_400 },
      }),
    );
    const record = await store.readIdempotency(tenant, 'olga:k1', '2026-12-01T12:00:00.000Z');
    expect(record?.result).toEqual({ legacyHttpResponse: response });
    const replay = answer({ result: record!.result, replayed: true }, () => {
      throw new Error('a kept response is not rendered again');
    });
    expect(replay).toEqual({ ...response, headers: { ...response.headers, 'idempotent-replayed': 'true' } });
  });
});
