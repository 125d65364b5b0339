import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * DynamoDB's item size rules (Developer Guide, "Item sizes and formats"): attribute names and string
 * values count their UTF-8 bytes; a number about 1 byte per two significant digits + 1; binary its
 * length; null and boolean 1 byte; a list or map 3 bytes + 1 byte per element + the elements (map keys
 * count as names). Used to price transactions, which DynamoDB Local under-reports (see capacity-meter).
 */
const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

const numberSize = (text: string): number => {
  const digits = text.replace(/^-/, '').replace(/[eE].*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
};

export const attributeValueSize = (value: AttributeValue): number => {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, s) => sum + utf8(s), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, n) => sum + numberSize(n), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, b) => sum + b.length, 0);
  if (value.L !== undefined) return 3 + value.L.reduce((sum, element) => sum + 1 + attributeValueSize(element), 0);
  if (value.M !== undefined) {
    return 3 + Object.entries(value.M).reduce((sum, [name, element]) => sum + 1 + utf8(name) + attributeValueSize(element), 0);
  }
  return 0;
};

export const itemSize = (item: Record<string, AttributeValue>): number =>
  Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + attributeValueSize(value), 0);

/** Write units of a standard write of an item of `bytes` (1 per started KB). */
export const writeUnits = (bytes: number): number => Math.max(1, Math.ceil(bytes / 1024));

interface TransactWriteItemLike {
  readonly Put?: { readonly Item?: Record<string, AttributeValue> };
  readonly Update?: unknown;
  readonly Delete?: unknown;
  readonly ConditionCheck?: unknown;
}

/**
 * What AWS charges for a TransactWriteItems: 2 write units per started KB of each item (a
 * transactional write costs twice a standard one). Deletes, updates and condition checks are priced
 * as 1 KB items (their stored size is unknown here; the event store's are small).
 */
export const transactWriteUnits = (items: readonly TransactWriteItemLike[]): number =>
  items.reduce((sum, item) => sum + 2 * (item.Put?.Item ? writeUnits(itemSize(item.Put.Item)) : 1), 0);
