import { readModelsTable, type KeyDefinition } from '../../contract/tables.ts';
import { MalformedInputError } from './errors.ts';

/**
 * Opaque list cursors: the last evaluated key, base64url-encoded. A cursor is only accepted for the
 * very index partition it came from — which always starts with the caller's tenant — so a tampered
 * cursor cannot page into another tenant's or another list's items; and only with exactly the key
 * attributes that list's query hands back (the table's keys, plus the index's), each of its type and
 * within DynamoDB's key sizes, so an edited cursor is malformed input (400 over HTTP), never a request
 * DynamoDB refuses.
 */
export const encodeCursor = (lastKey: Record<string, unknown> | undefined): string | null =>
  lastKey ? Buffer.from(JSON.stringify(lastKey), 'utf8').toString('base64url') : null;

const invalid = () => new MalformedInputError('cursor is not valid for this list', [{ path: 'cursor', message: 'invalid cursor' }]);

/** DynamoDB's limits on one key attribute, in UTF-8 bytes. */
const maxKeyBytes = { partition: 2048, sort: 1024 } as const;

type KeyAttribute = KeyDefinition & { readonly maxBytes: number };

const attributesOf = (keys: { readonly partitionKey: KeyDefinition; readonly sortKey: KeyDefinition }): KeyAttribute[] => [
  { ...keys.partitionKey, maxBytes: maxKeyBytes.partition },
  { ...keys.sortKey, maxBytes: maxKeyBytes.sort },
];

/** The attributes of a last evaluated key of a query on the partition named so (the table's or an index's). */
const keyShapeOf = (partitionName: string): KeyAttribute[] => {
  const table = attributesOf(readModelsTable);
  if (partitionName === readModelsTable.partitionKey.name) return table;
  const index = readModelsTable.globalSecondaryIndexes.find((candidate) => candidate.partitionKey.name === partitionName);
  if (!index) throw new Error(`no read-model index is partitioned by ${partitionName}`);
  return [...table, ...attributesOf(index)];
};

const fits = (value: unknown, attribute: KeyAttribute): boolean =>
  attribute.type === 'S'
    ? typeof value === 'string' && value !== '' && Buffer.byteLength(value, 'utf8') <= attribute.maxBytes
    : typeof value === 'number' && Number.isFinite(value);

export const decodeCursor = (
  cursor: string | undefined,
  partition: { readonly name: string; readonly value: string },
): Record<string, unknown> | undefined => {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw invalid();
  const given = key as Record<string, unknown>;
  const shape = keyShapeOf(partition.name);
  if (Object.keys(given).length !== shape.length || shape.some((attribute) => !Object.hasOwn(given, attribute.name) || !fits(given[attribute.name], attribute))) {
    throw invalid();
  }
  if (given[partition.name] !== partition.value) throw invalid();
  return given;
};
