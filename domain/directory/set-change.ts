/** A set-valued field is replaced whole, or changed by what to add and what to remove. */
export type SetChange = readonly string[] | { readonly add?: readonly string[]; readonly remove?: readonly string[] };

/** The set after a change; removal ignores case and surrounding blanks (labels are compared that way). */
export const applySet = (current: readonly string[], change: SetChange | undefined): readonly string[] => {
  if (change === undefined) return current;
  if (Array.isArray(change)) return change as readonly string[];
  const { add = [], remove = [] } = change as { add?: readonly string[]; remove?: readonly string[] };
  const removed = new Set(remove.map((r) => r.trim().toLocaleLowerCase('und')));
  return [...current.filter((v) => !removed.has(v.toLocaleLowerCase('und'))), ...add];
};

/** Account managers after an `…AccountManagersChanged` event. */
export const managersAfter = (current: readonly string[], change: { readonly added: readonly string[]; readonly removed: readonly string[] }): string[] => {
  const removed = new Set(change.removed);
  return [...current.filter((m) => !removed.has(m)), ...change.added];
};
