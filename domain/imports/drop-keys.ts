import type { ImportKind } from '../../events/imports/import-events.ts';

/** Where a job's file lives in the drop bucket: the drop folder itself, so every start looks alike. */
export const sourceKeyOf = (tenant: string, kind: ImportKind, name: string): string => `${tenant}/imports/${kind}/${name}.csv`;
