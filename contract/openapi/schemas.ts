/**
 * zod -> JSON Schema with zod 4's native `z.toJSONSchema()` (draft 2020-12, which is OpenAPI 3.1's
 * schema dialect).
 *
 * - Request schemas (path, query, body) are converted on the *input* side, so defaults and coerced
 *   values show as what a client may send; response schemas on the *output* side.
 * - Schemas carrying `.meta({ id })` (looked up in `z.globalRegistry`) become
 *   `components.schemas.<id>` and are referenced as `#/components/schemas/<id>`. If the same id
 *   converts differently on the input and output side, the input variant is named `<id>Input`.
 * - Components are sorted by name, so the output is deterministic.
 */
import { z } from 'zod';
import type { JsonSchema } from './document-model.ts';

type Io = 'input' | 'output';

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const DEFS_PREFIX = '#/$defs/';
export const SCHEMAS_PREFIX = '#/components/schemas/';

const decodePointerToken = (token: string): string => token.replaceAll('~1', '/').replaceAll('~0', '~');
const componentName = (id: string): string => id.replace(/[^A-Za-z0-9._-]/g, '_');

/** `z.number().int()` emits the safe-integer range as bounds; they are noise in an API contract. */
const overrideJsonSchema = (ctx: { jsonSchema: JsonSchema }): void => {
  const schema = ctx.jsonSchema;
  if (schema.type !== 'integer') return;
  if (schema.minimum === Number.MIN_SAFE_INTEGER) delete schema.minimum;
  if (schema.maximum === Number.MAX_SAFE_INTEGER) delete schema.maximum;
};

const refsIn = (value: unknown, found: Set<string>): Set<string> => {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (isRecord(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && child.startsWith(DEFS_PREFIX)) {
        found.add(decodePointerToken(child.slice(DEFS_PREFIX.length)));
      } else refsIn(child, found);
    }
  }
  return found;
};

const mapRefs = (value: unknown, rename: (ref: string) => string): unknown => {
  if (Array.isArray(value)) return value.map((item) => mapRefs(item, rename));
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] = key === '$ref' && typeof child === 'string' ? rename(child) : mapRefs(child, rename);
  }
  return out;
};

/**
 * Converts zod schemas to JSON Schema and hoists every schema with a registry `id` into a shared
 * component map. Each conversion is independent (zod emits its own `$defs`); names are reconciled
 * here, by content, so the same id on both sides of the wire does not clash.
 */
export const createSchemaCollector = () => {
  const components = new Map<string, { identity: string; schema: JsonSchema }>();

  const claim = (id: string, identity: string, io: Io): string => {
    const base = componentName(id);
    const candidates = [base, `${base}${io === 'input' ? 'Input' : 'Output'}`];
    for (let n = 2; ; n++) {
      const name = candidates.shift() ?? `${base}_${n}`;
      const existing = components.get(name);
      if (!existing) {
        components.set(name, { identity, schema: {} });
        return name;
      }
      if (existing.identity === identity) return name;
    }
  };

  const convert = (schema: z.ZodType, io: Io): JsonSchema => {
    const raw = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
      metadata: z.globalRegistry,
      override: overrideJsonSchema,
    }) as JsonSchema;
    const { $schema: _dialect, $defs, ...root } = raw;
    const defs = isRecord($defs) ? ($defs as Record<string, JsonSchema>) : {};

    // A def's identity is its own JSON plus that of every def it reaches: two defs share a
    // component only when everything they expand to is the same.
    const identityOf = (id: string): string => {
      const seen = new Set<string>([id]);
      const queue = [id];
      while (queue.length > 0) {
        for (const next of refsIn(defs[queue.shift() as string], new Set())) {
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
        }
      }
      return JSON.stringify([...seen].sort().map((key) => [key, defs[key]]));
    };

    const names = new Map<string, string>();
    for (const id of Object.keys(defs).sort()) names.set(id, claim(id, identityOf(id), io));

    const rename = (ref: string): string => {
      if (!ref.startsWith(DEFS_PREFIX)) return ref;
      const id = decodePointerToken(ref.slice(DEFS_PREFIX.length));
      const name = names.get(id);
      if (name === undefined) throw new Error(`Dangling JSON Schema reference ${ref}`);
      return `${SCHEMAS_PREFIX}${name}`;
    };
    for (const [id, name] of names) {
      const entry = components.get(name);
      if (entry && Object.keys(entry.schema).length === 0) entry.schema = mapRefs(defs[id], rename) as JsonSchema;
    }
    return mapRefs(root, rename) as JsonSchema;
  };

  /** Follows a `#/components/schemas/…` reference to the collected schema. */
  const resolve = (schema: JsonSchema): JsonSchema => {
    const ref = schema.$ref;
    if (typeof ref !== 'string' || !ref.startsWith(SCHEMAS_PREFIX)) return schema;
    const entry = components.get(ref.slice(SCHEMAS_PREFIX.length));
    return entry ? resolve(entry.schema) : schema;
  };

  const schemas = (): Record<string, JsonSchema> =>
    Object.fromEntries([...components.keys()].sort().map((name) => [name, components.get(name)?.schema ?? {}]));

  return { convert, resolve, schemas };
};

export type SchemaCollector = ReturnType<typeof createSchemaCollector>;
