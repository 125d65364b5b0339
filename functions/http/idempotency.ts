import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createHash } from 'node:crypto';
import type { Actor } from '../../domain/shared/actor.ts';
import type { CommandOutcome } from '../../application/shared/command-runner.ts';
import { badRequest } from '../shared/problem.ts';
import type { RequestInfo } from './router.ts';

/**
 * `Idempotency-Key` of a POST, scoped to the caller (two users may pick the same key), with a
 * fingerprint of route, path and body: the same key with another request is refused (422).
 */
export const idempotencyOf = (
  actor: Actor,
  request: RequestInfo,
): { key: string; requestHash: string; lookupFirst?: boolean } | undefined => {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw badRequest('Idempotency-Key must be 1 to 255 visible ASCII characters', [
      { path: 'header.idempotency-key', message: 'invalid' },
    ]);
  }
  return {
    key: `${actor.userId}:${key}`,
    requestHash: createHash('sha256').update(request.fingerprint).digest('base64url'),
    ...(request.idempotencyKeysAreNew ? { lookupFirst: false } : {}),
  };
};

export const fromOutcome = (outcome: CommandOutcome): APIGatewayProxyStructuredResultV2 => ({
  ...outcome.response,
  headers: { ...outcome.response.headers, ...(outcome.replayed ? { 'idempotent-replayed': 'true' } : {}) },
});
