/**
 * Deterministic hostile inputs for the OpenAPI fuzz test (test/e2e/fuzz-openapi.test.ts): a seeded
 * PRNG, a plausible value for a JSON schema of the published document, and the hostile values put in
 * its place — so every run sends exactly the same requests.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Schema = { [key: string]: unknown };

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export const prng = (seed: number) => {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (below: number): number => Math.floor(next() * below),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    /** `count` distinct items, in a seeded order. */
    sample: <T>(items: readonly T[], count: number): T[] => {
      const pool = [...items];
      for (let i = pool.length - 1; i > 0; i -= 1) {
        const j = Math.floor(next() * (i + 1));
        [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      }
      return pool.slice(0, count);
    },
  };
};
export type Prng = ReturnType<typeof prng>;

export const nestedArray = (depth: number): Json => {
  let value: Json = 'x';
  for (let level = 0; level < depth; level += 1) value = [value];
  return value;
};

/** Values where an id, a name or any text goes (path parameters, query values, body strings). */
export const hostileTexts: readonly string[] = [
  'a#b',
  '#',
  'x'.repeat(500),
  '..',
  '.',
  ' ',
  '',
  '\u0000',
  'ąęłóż-日本-🙂',
  '../../etc/passwd',
  'a/b',
  "' OR 1=1 --",
  '${jndi}',
  'null',
  '-1',
  '1e309',
  'NaN',
  'true',
  '[]',
  ',,,',
  'me',
  'tenant#user#x',
  '\u202e\u200b',
];

/** Values of other JSON types, for a field of any type. */
export const hostileJson = (random: Prng): Json[] => [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  random.pick(hostileTexts),
  'x'.repeat(20_000),
  [],
  [null],
  [random.pick(hostileTexts)],
  {},
  { unknownField: 1 },
  nestedArray(40),
  nestedArray(3000),
  Array.from({ length: 600 }, (_, i) => `id-${i}`),
];

const resolve = (document: Schema, schema: Schema): Schema => {
  let current = schema;
  for (let hops = 0; typeof current['$ref'] === 'string' && hops < 10; hops += 1) {
    const name = (current['$ref'] as string).replace('#/components/schemas/', '');
    current = ((document['components'] as Schema)['schemas'] as Record<string, Schema>)[name] ?? {};
  }
  return current;
};

/** The alternatives of a union, else the schema itself. */
const variants = (document: Schema, schema: Schema): Schema[] => {
  const resolved = resolve(document, schema);
  const union = (resolved['anyOf'] ?? resolved['oneOf']) as Schema[] | undefined;
  return union ? union.flatMap((item) => variants(document, item)) : [resolved];
};

/**
 * A value the schema accepts, as far as its shape goes (the domain may still refuse it): ids are
 * `existingId`, dates and times fixed — no clock is read.
 */
export const plausible = (document: Schema, schema: Schema, random: Prng, existingId: string, depth = 0): Json => {
  const choices = variants(document, schema).filter((item) => item['type'] !== 'null');
  const chosen = choices.length > 0 ? random.pick(choices) : {};
  if ('const' in chosen) return chosen['const'] as Json;
  if (Array.isArray(chosen['enum'])) return random.pick(chosen['enum'] as Json[]);
  switch (chosen['type']) {
    case 'object': {
      const properties = (chosen['properties'] ?? {}) as Record<string, Schema>;
      const required = new Set((chosen['required'] ?? []) as string[]);
      const value: Record<string, Json> = {};
      if (depth > 4) return value;
      for (const [name, property] of Object.entries(properties)) {
        if (required.has(name) || random.next() < 0.5) value[name] = plausible(document, property, random, existingId, depth + 1);
      }
      return value;
    }
    case 'array':
      return depth > 4 || !chosen['items'] ? [] : [plausible(document, chosen['items'] as Schema, random, existingId, depth + 1)];
    case 'integer':
    case 'number':
      return Math.max(Number(chosen['minimum'] ?? 1), 1);
    case 'boolean':
      return random.next() < 0.5;
    case 'string':
      if (chosen['format'] === 'date-time') return '2027-03-01T09:00:00Z';
      if (chosen['format'] === 'date') return '2027-03-01';
      if (typeof chosen['pattern'] === 'string' && (chosen['pattern'] as string).includes('A-Za-z0-9')) return existingId;
      return 'Fuzz';
    default:
      return 'Fuzz';
  }
};

/** Every path to a field of a JSON value (`['next', 'parentId']`), the root (`[]`) included. */
export const fieldPaths = (value: Json, prefix: string[] = []): string[][] => {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Object.entries(value).flatMap(([key, child]) => fieldPaths(child, [...prefix, key]));
  return [prefix, ...children];
};

/** A copy of `value` with the field at `path` replaced. */
export const replaced = (value: Json, path: readonly string[], by: Json): Json => {
  if (path.length === 0) return by;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  copy[path[0]!] = replaced(copy[path[0]!] as Json, path.slice(1), by);
  return copy as Json;
};

/** Cursors edited from a real one: keys dropped, retyped, emptied, lengthened, added; and garbage. */
export const tamperedCursors = (cursor: string | undefined, random: Prng): string[] => {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  const garbage = [
    'not-a-cursor',
    '!!!',
    encode([1, 2]),
    encode('x'),
    encode(null),
    encode({}),
    encode({ pk: 'a', sk: 'b' }),
    Buffer.from(Array.from({ length: 48 }, () => random.int(256))).toString('base64url'),
    'A'.repeat(3000),
  ];
  if (!cursor) return garbage;
  const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
  const edits = Object.keys(key).flatMap((name) => {
    const without = { ...key };
    delete without[name];
    return [without, { ...key, [name]: 7 }, { ...key, [name]: '' }, { ...key, [name]: 'x'.repeat(1100) }, { ...key, [name]: { S: 'x' } }];
  });
  return [...edits.map(encode), encode({ ...key, extra: 'x' }), ...garbage];
};
