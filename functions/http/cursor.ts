import { badRequest } from '../shared/problem.ts';

/**
 * Opaque list cursors: the last evaluated key, base64url-encoded. A cursor is only accepted for the
 * very index partition it came from — which always starts with the caller's tenant — so a tampered
 * cursor cannot page into another tenant's or another list's items.
 */
export const encodeCursor = (lastKey: Record<string, unknown> | undefined): string | null =>
  lastKey ? Buffer.from(JSON.stringify(lastKey), 'utf8').toString('base64url') : null;

const invalid = () => badRequest('cursor is not valid for this list', [{ path: 'query.cursor', message: 'invalid cursor' }]);

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
  const entries = Object.entries(key);
  if (entries.length > 4 || entries.some(([, v]) => typeof v !== 'string' && typeof v !== 'number')) throw invalid();
  if ((key as Record<string, unknown>)[partition.name] !== partition.value) throw invalid();
  return key as Record<string, unknown>;
};
