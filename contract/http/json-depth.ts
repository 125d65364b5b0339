/**
 * How deep a parsed JSON value nests objects and arrays (a scalar is 0, `[1]` is 1, `{"a":[1]}` is 2),
 * counted without recursion — the point is to refuse values deep enough to overflow recursive code —
 * and given up once past `limit` (the answer is then `limit + 1`).
 */
export const jsonDepth = (value: unknown, limit: number): number => {
  let deepest = 0;
  const pending: { node: unknown; depth: number }[] = [{ node: value, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.node === null || typeof next.node !== 'object') continue;
    const depth = next.depth + 1;
    if (depth > limit) return limit + 1;
    deepest = Math.max(deepest, depth);
    for (const child of Object.values(next.node)) pending.push({ node: child, depth });
  }
  return deepest;
};
