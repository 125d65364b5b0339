/**
 * Partition keys of the events table. Every key starts with the tenant: no read or write can reach
 * another tenant's items without naming that tenant. Identifiers must not contain `#`.
 */

/**
 * A value that cannot be part of a key (empty, or holding the `#` separator). The HTTP edge refuses
 * such ids first (contract/http/common.ts `RecordId`); this is the last line, typed so that the edge
 * can still name the field a value came from instead of answering an anonymous 500.
 */
export class InvalidKeyPartError extends Error {
  readonly part: string;
  readonly value: string;

  constructor(part: string, value: string) {
    super(`invalid ${part} for a key: ${JSON.stringify(value)}`);
    this.name = 'InvalidKeyPartError';
    this.part = part;
    this.value = value;
  }
}

const part = (name: string, value: string): string => {
  if (value === '' || value.includes('#')) throw new InvalidKeyPartError(name, value);
  return value;
};

export const streamKey = (tenant: string, aggregateType: string, aggregateId: string): string =>
  `${part('tenant', tenant)}#${part('aggregate type', aggregateType)}#${part('aggregate id', aggregateId)}`;

export const sequenceKey = (tenant: string, name: string): string => `${part('tenant', tenant)}#$sequence#${part('sequence', name)}`;

/** Unique values are stored as given; callers normalise them first (e.g. an upper-cased VAT number). */
export const uniqueKey = (tenant: string, scope: string, value: string): string =>
  `${part('tenant', tenant)}#$unique#${part('scope', scope)}#${encodeURIComponent(value)}`;

export const idempotencyKey = (tenant: string, key: string): string => `${part('tenant', tenant)}#$idempotency#${encodeURIComponent(key)}`;

/** Items other than events share the table and use version 0 as their sort key. */
export const singletonVersion = 0;

/** A longer value is cut (a key has at most 2 KB): holders are verified on their records anyway. */
const maxLookupValueLength = 1000;

/**
 * Lookup items: who holds a value that need not be unique (a company's normalised name, an e-mail),
 * one item per holder under the value's partition (`adapters/dynamodb/lookup-items.ts`).
 */
export const lookupKey = (tenant: string, scope: string, value: string): string =>
  `${part('tenant', tenant)}#$lookup#${part('scope', scope)}#${encodeURIComponent(value).slice(0, maxLookupValueLength)}`;

/**
 * A private item (application/ports/event-store.ts `PrivateItemKey`): `<tenant>#$<scope>#<id>`, or
 * `$api-client#<id>` for an API client's grant — the one key without a tenant, since the client id a
 * token carries names none; the item records its tenant.
 */
export const privateItemKey = (key: { readonly scope: string; readonly tenant?: string; readonly id: string }): string =>
  key.tenant === undefined ? `$${part('scope', key.scope)}#${part('private item id', key.id)}` : `${part('tenant', key.tenant)}#$${part('scope', key.scope)}#${part('private item id', key.id)}`;
