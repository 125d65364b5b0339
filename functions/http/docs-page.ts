/**
 * The readable API documentation served at `GET /docs`: one self-contained HTML page rendered from
 * the OpenAPI document (no scripts, fonts or other external resources, so it works offline).
 * Everything taken from the document is HTML-escaped; the only markup read from descriptions is
 * `inline code`, **bold**, paragraphs and `- ` bullet lists, applied after escaping.
 */
import type { OpenApiDocument } from '../../contract/openapi.ts';

type Json = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const MAX_DEPTH = 8;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const asRecord = (value: unknown): Json => (isRecord(value) ? value : {});
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export const escapeHtml = (text: string): string =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

const esc = escapeHtml;

/** Escapes, then renders `code` and **bold** (the markers survive escaping unchanged). */
const inline = (text: string): string =>
  esc(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');

/** Paragraphs separated by blank lines, and `- ` bullet lists. */
const blocks = (text: string): string =>
  text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => block.length > 0)
    .map((block) => {
      const lines = block.split('\n');
      if (lines.every((line) => /^\s*[-*] /.test(line))) {
        return `<ul>${lines.map((line) => `<li>${inline(line.replace(/^\s*[-*] /, ''))}</li>`).join('')}</ul>`;
      }
      return `<p>${inline(lines.join(' '))}</p>`;
    })
    .join('\n');

const anchor = (prefix: string, name: string): string => `${prefix}-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

const json = (value: unknown): string => esc(JSON.stringify(value) ?? 'undefined');
/** Examples of headers and parameters are shown as sent: a string without JSON quotes. */
const example = (value: unknown): string => (typeof value === 'string' ? esc(value) : json(value));

interface Context {
  readonly document: Json;
}

/** Resolves a local JSON pointer (`#/components/…`); anything else resolves to nothing. */
const resolvePointer = (ctx: Context, ref: string): unknown => {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = ctx.document;
  for (const raw of ref.slice(2).split('/')) {
    const token = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isRecord(node)) return undefined;
    node = node[token];
  }
  return node;
};

/** Follows `$ref`s (bounded) to the object they point at. */
const deref = (ctx: Context, value: unknown): Json => {
  let node = asRecord(value);
  for (let hops = 0; hops < 16 && typeof node.$ref === 'string'; hops++) node = asRecord(resolvePointer(ctx, node.$ref));
  return node;
};

const refName = (ref: string): string => ref.slice(ref.lastIndexOf('/') + 1);

// ---------------------------------------------------------------------------------------------
// Schemas

/** `anyOf`/`oneOf` alternatives, nested unions flattened (zod nests a nullable union that way). */
const variantsOf = (schema: Json): unknown[] =>
  [...asArray(schema.anyOf), ...asArray(schema.oneOf)].flatMap((variant) => {
    const record = asRecord(variant);
    const nested = variantsOf(record);
    const plain = Object.keys(record).every((key) => key === 'anyOf' || key === 'oneOf');
    return nested.length > 0 && plain ? nested : [variant];
  });
const isNullSchema = (schema: unknown): boolean => isRecord(schema) && schema.type === 'null' && Object.keys(schema).length === 1;

const typeLabel = (ctx: Context, value: unknown, depth = 0): string => {
  const schema = asRecord(value);
  if (depth > MAX_DEPTH) return '…';
  if (typeof schema.$ref === 'string') {
    const name = refName(schema.$ref);
    return schema.$ref.startsWith('#/components/schemas/')
      ? `<a href="#${esc(anchor('schema', name))}">${esc(name)}</a>`
      : esc(name);
  }
  if ('const' in schema) return `<code>${json(schema.const)}</code>`;
  const variants = variantsOf(schema);
  if (variants.length > 0) return variants.map((variant) => typeLabel(ctx, variant, depth + 1)).join(' | ');
  const allOf = asArray(schema.allOf);
  if (allOf.length > 0) return allOf.map((part) => typeLabel(ctx, part, depth + 1)).join(' &amp; ');
  const types = Array.isArray(schema.type) ? schema.type.map(String) : typeof schema.type === 'string' ? [schema.type] : [];
  if (types.length === 0) return Array.isArray(schema.enum) ? 'enum' : 'any';
  return types
    .map((type) => {
      if (type === 'array') return `${schema.items === undefined ? 'any' : typeLabel(ctx, schema.items, depth + 1)}[]`;
      return esc(type);
    })
    .join(' | ');
};

const range = (label: string, min: unknown, max: unknown): string | undefined => {
  if (min === undefined && max === undefined) return undefined;
  if (min !== undefined && max !== undefined) return `${label} ${esc(String(min))}–${esc(String(max))}`;
  return min !== undefined ? `${label} ≥ ${esc(String(min))}` : `${label} ≤ ${esc(String(max))}`;
};

/** One-line notes on a schema: enum values, default, format, bounds. */
const constraints = (schema: Json): string[] => {
  const notes: string[] = [];
  if (Array.isArray(schema.enum)) notes.push(`one of ${schema.enum.map((item) => `<code>${json(item)}</code>`).join(', ')}`);
  if ('default' in schema) notes.push(`default <code>${json(schema.default)}</code>`);
  if (typeof schema.format === 'string') notes.push(`format <code>${esc(schema.format)}</code>`);
  else if (typeof schema.pattern === 'string') notes.push(`pattern <code>${esc(schema.pattern)}</code>`);
  const length = range('length', schema.minLength, schema.maxLength);
  if (length) notes.push(length);
  const value = range('value', schema.minimum ?? schema.exclusiveMinimum, schema.maximum ?? schema.exclusiveMaximum);
  if (value) notes.push(value);
  const items = range('items', schema.minItems, schema.maxItems);
  if (items) notes.push(items);
  if (schema.additionalProperties === false) notes.push('no other properties');
  if (schema.deprecated === true) notes.push('deprecated');
  return notes;
};

const describe = (schema: Json): string => {
  const text = asString(schema.description);
  const notes = constraints(schema);
  return [
    text ? `<span class="desc">${inline(text)}</span>` : '',
    notes.length > 0 ? `<span class="notes">${notes.join(' · ')}</span>` : '',
  ]
    .filter(Boolean)
    .join(' ');
};

/** The nested fields of a schema (object properties, array items, union variants), refs expanded. */
const fields = (ctx: Context, value: unknown, stack: readonly string[], depth: number): string => {
  let schema = asRecord(value);
  if (depth > MAX_DEPTH) return '';
  if (typeof schema.$ref === 'string') {
    if (stack.includes(schema.$ref)) return '<div class="notes">(recursive, see above)</div>';
    stack = [...stack, schema.$ref];
    schema = deref(ctx, schema);
  }
  const properties = asRecord(schema.properties);
  const names = Object.keys(properties);
  if (names.length > 0) {
    const required = new Set(asArray(schema.required).map(String));
    const items = names.map((name) => {
      const property = properties[name];
      const resolved = deref(ctx, property);
      const own = asRecord(property);
      const details = describe(typeof own.$ref === 'string' ? { ...resolved, ...own } : own);
      return `<li><code class="name">${esc(name)}</code> <span class="type">${typeLabel(ctx, property)}</span> ${
        required.has(name) ? '<span class="req">required</span>' : '<span class="opt">optional</span>'
      }${details ? ` ${details}` : ''}${fields(ctx, property, stack, depth + 1)}</li>`;
    });
    return `<ul class="fields">${items.join('')}</ul>`;
  }
  if (schema.items !== undefined) return fields(ctx, schema.items, stack, depth + 1);
  const variants = variantsOf(schema).filter((variant) => !isNullSchema(variant));
  if (variants.length === 1) return fields(ctx, variants[0], stack, depth + 1);
  if (variants.length > 1) {
    const rendered = variants.map((variant) => {
      const inner = fields(ctx, variant, stack, depth + 1);
      const details = describe(asRecord(variant));
      return `<li><span class="type">${typeLabel(ctx, variant)}</span>${details ? ` ${details}` : ''}${inner}</li>`;
    });
    return `<div class="oneof">One of:</div><ol class="variants">${rendered.join('')}</ol>`;
  }
  return '';
};

const schemaBlock = (ctx: Context, value: unknown, withLabel = true): string => {
  const own = asRecord(value);
  const resolved = deref(ctx, value);
  const details = describe(typeof own.$ref === 'string' ? { ...resolved, ...own } : own);
  const label = withLabel ? `<span class="type">${typeLabel(ctx, value)}</span>` : '';
  return `<div class="schema">${label}${details ? ` ${details}` : ''}${fields(
    ctx,
    value,
    [],
    0,
  )}</div>`;
};

// ---------------------------------------------------------------------------------------------
// Operations

interface Operation {
  readonly path: string;
  readonly method: (typeof METHODS)[number];
  readonly operation: Json;
  readonly pathItem: Json;
}

const operationsOf = (ctx: Context): Operation[] => {
  const result: Operation[] = [];
  for (const [path, item] of Object.entries(asRecord(ctx.document.paths))) {
    const pathItem = asRecord(item);
    for (const method of METHODS) {
      if (isRecord(pathItem[method])) result.push({ path, method, operation: pathItem[method], pathItem });
    }
  }
  return result;
};

const operationAnchor = (op: Operation): string =>
  anchor('op', asString(op.operation.operationId) ?? `${op.method}-${op.path}`);

const methodBadge = (method: string): string => `<span class="method m-${esc(method)}">${esc(method.toUpperCase())}</span>`;

const authText = (ctx: Context, operation: Json): string => {
  const requirements = asArray(operation.security ?? ctx.document.security);
  if (requirements.length === 0) return '<span class="public">Public: no authentication</span>';
  const schemes = asRecord(asRecord(ctx.document.components).securitySchemes);
  const alternatives = requirements.map((requirement) =>
    Object.keys(asRecord(requirement))
      .map((name) => {
        const scheme = asRecord(schemes[name]);
        const kind =
          scheme.type === 'http' && typeof scheme.scheme === 'string'
            ? `${scheme.scheme === 'bearer' ? 'Bearer' : esc(scheme.scheme)} ${esc(asString(scheme.bearerFormat) ?? 'token')}`
            : esc(asString(scheme.type) ?? 'unknown');
        return `${kind} (<code>${esc(name)}</code>)`;
      })
      .join(' and ') || 'none',
  );
  return `<span class="auth">${alternatives.join(' or ')}</span>`;
};

const parametersTable = (ctx: Context, op: Operation): string => {
  const parameters = [...asArray(op.pathItem.parameters), ...asArray(op.operation.parameters)].map((parameter) =>
    deref(ctx, parameter),
  );
  if (parameters.length === 0) return '';
  const rows = parameters.map((parameter) => {
    const schema = asRecord(parameter.schema);
    const details = [
      asString(parameter.description) ? inline(asString(parameter.description) ?? '') : '',
      constraints(deref(ctx, schema)).join(' · '),
      parameter.example !== undefined ? `example <code>${example(parameter.example)}</code>` : '',
    ].filter(Boolean);
    return `<tr><td><code>${esc(asString(parameter.name) ?? '')}</code></td><td>${esc(asString(parameter.in) ?? '')}</td><td>${typeLabel(
      ctx,
      schema,
    )}</td><td>${parameter.required === true ? '<span class="req">required</span>' : '<span class="opt">optional</span>'}</td><td>${details.join(
      '<br>',
    )}</td></tr>`;
  });
  return `<h4>Parameters</h4><table class="params"><thead><tr><th>Name</th><th>In</th><th>Type</th><th></th><th>Description</th></tr></thead><tbody>${rows.join(
    '',
  )}</tbody></table>`;
};

/** Media types with their schema; response schemas start folded (`<details>`, no script needed). */
const contentBlocks = (ctx: Context, content: unknown, open: boolean): string =>
  Object.entries(asRecord(content))
    .map(([type, media]) => {
      const schema = asRecord(media).schema;
      if (schema === undefined) return `<div class="media"><span class="ctype">${esc(type)}</span></div>`;
      return `<details class="media"${open ? ' open' : ''}><summary><span class="ctype">${esc(type)}</span> <span class="type">${typeLabel(
        ctx,
        schema,
      )}</span></summary>${schemaBlock(ctx, schema, false)}</details>`;
    })
    .join('');

const requestBody = (ctx: Context, operation: Json): string => {
  if (operation.requestBody === undefined) return '';
  const body = deref(ctx, operation.requestBody);
  const text = asString(body.description);
  return `<h4>Request body <span class="${body.required === true ? 'req">required' : 'opt">optional'}</span></h4>${
    text ? `<p>${inline(text)}</p>` : ''
  }${contentBlocks(ctx, body.content, true)}`;
};

const isSuccess = (status: string): boolean => /^[123]/.test(status);

const responses = (ctx: Context, operation: Json): string => {
  const entries = Object.entries(asRecord(operation.responses));
  const success = entries
    .filter(([status]) => isSuccess(status))
    .map(([status, value]) => {
      const response = deref(ctx, value);
      const headers = Object.entries(asRecord(response.headers)).map(([name, header]) => {
        const resolved = deref(ctx, header);
        const text = asString(resolved.description);
        return `<li><code>${esc(name)}</code>${text ? ` ${inline(text)}` : ''}</li>`;
      });
      return `<div class="response"><span class="status s-ok">${esc(status)}</span> ${inline(
        asString(response.description) ?? '',
      )}${headers.length > 0 ? `<div class="headers">Headers:<ul>${headers.join('')}</ul></div>` : ''}${contentBlocks(ctx, response.content, false)}</div>`;
    });
  const errors = entries
    .filter(([status]) => !isSuccess(status))
    .map(([status, value]) => {
      const response = deref(ctx, value);
      const types = Object.keys(asRecord(response.content));
      return `<li><span class="status s-err">${esc(status)}</span> ${inline(asString(response.description) ?? '')}${
        types.length > 0 ? ` <span class="ctype">${types.map(esc).join(', ')}</span>` : ''
      }</li>`;
    });
  return `<h4>Response</h4>${success.join('')}${
    errors.length > 0 ? `<h4>Errors</h4><ul class="errors">${errors.join('')}</ul>` : ''
  }`;
};

const operationSection = (ctx: Context, op: Operation): string => {
  const { operation } = op;
  const operationId = asString(operation.operationId);
  const text = asString(operation.description);
  return `<section class="op" id="${esc(operationAnchor(op))}">
<h3>${methodBadge(op.method)} <code class="path">${esc(op.path)}</code></h3>
<p class="summary">${inline(asString(operation.summary) ?? '')}</p>
${text ? blocks(text) : ''}
<p class="meta">${operationId ? `Operation <code>${esc(operationId)}</code> · ` : ''}Auth: ${authText(ctx, operation)}${
    operation.deprecated === true ? ' · <strong>deprecated</strong>' : ''
  }</p>
${parametersTable(ctx, op)}
${requestBody(ctx, operation)}
${responses(ctx, operation)}
</section>`;
};

// ---------------------------------------------------------------------------------------------
// Page

const tagsInOrder = (ctx: Context, operations: Operation[]): string[] => {
  const names = asArray(ctx.document.tags)
    .map((tag) => asString(asRecord(tag).name))
    .filter((name): name is string => name !== undefined);
  for (const op of operations) {
    for (const tag of asArray(op.operation.tags).map(String)) if (!names.includes(tag)) names.push(tag);
  }
  if (operations.some((op) => asArray(op.operation.tags).length === 0)) names.push('Other');
  return names;
};

const operationTags = (op: Operation): string[] => {
  const tags = asArray(op.operation.tags).map(String);
  return tags.length > 0 ? tags : ['Other'];
};

const style = `
:root{--fg:#1d2330;--muted:#5b6475;--line:#dde1e8;--bg:#fff;--soft:#f5f7fa;--accent:#2756c5}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
.layout{display:grid;grid-template-columns:290px 1fr;min-height:100vh}
nav{border-right:1px solid var(--line);background:var(--soft);padding:1rem;position:sticky;top:0;height:100vh;overflow:auto;font-size:13px}
nav h2{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:1rem 0 .3rem}
nav ul{list-style:none;margin:0;padding:0}nav li{margin:.15rem 0}
nav a{color:var(--fg);text-decoration:none}nav li a{display:flex;gap:.4em;align-items:baseline}nav li .method{min-width:3.6em;font-size:11px}nav li code{background:none;padding:0;word-break:break-all}nav a:hover{color:var(--accent)}
main{padding:1.5rem 2.5rem;max-width:1100px}
h1{margin:.2rem 0}h2.tag{border-bottom:2px solid var(--line);padding-bottom:.3rem;margin-top:2.5rem}
h3{margin:0 0 .3rem;font-size:17px}h4{margin:1rem 0 .4rem;font-size:14px}
a{color:var(--accent)}
code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:0 .25em;border-radius:3px}
.op{border:1px solid var(--line);border-radius:6px;padding:1rem 1.2rem;margin:1rem 0}
.summary{margin:.2rem 0;font-weight:500}.meta,.notes,.desc{color:var(--muted)}.meta{font-size:13px}
.method{display:inline-block;min-width:4.2em;text-align:center;border-radius:4px;color:#fff;font:700 12px/1.8 ui-monospace,monospace;padding:0 .4em;vertical-align:middle}
.m-get{background:#2f6fd6}.m-post{background:#1d8a4e}.m-put{background:#b86e00}.m-patch{background:#7a4fc2}.m-delete{background:#c23b3b}.m-head,.m-options,.m-trace{background:#5b6475}
code.path{font-size:15px;background:none}
table.params{border-collapse:collapse;width:100%;font-size:13px;table-layout:fixed}table.params th:nth-child(1){width:20%}table.params th:nth-child(2){width:9%}table.params th:nth-child(3){width:15%}table.params th:nth-child(4){width:10%}table.params td{overflow-wrap:anywhere}
table.params th,table.params td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
.req{color:#b42318;font-size:12px}.opt{color:var(--muted);font-size:12px}
.type{color:#6b2fa3;font:13px ui-monospace,monospace}.type a{color:inherit}
.ctype{font:12px ui-monospace,monospace;color:var(--muted)}
ul.fields,ol.variants{margin:.25rem 0 .25rem .2rem;padding-left:1.1rem;border-left:1px solid var(--line)}
ul.fields li,ol.variants li{margin:.2rem 0}
.schema{margin:.3rem 0}details.media{margin:.3rem 0}details.media summary{cursor:pointer}.oneof{color:var(--muted);font-size:13px;margin-top:.2rem}
.status{display:inline-block;min-width:2.6em;font:700 12px/1.7 ui-monospace,monospace;text-align:center;border-radius:3px;padding:0 .3em}
.s-ok{background:#dcf3e4;color:#135c34}.s-err{background:#fde4e1;color:#8f1d12}
ul.errors{list-style:none;padding:0;margin:0}ul.errors li{margin:.15rem 0}
.headers{font-size:13px;margin:.3rem 0}.headers ul{margin:.1rem 0}
.conventions{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:.3rem 1.2rem}
.public{color:#135c34}
@media (max-width:800px){.layout{display:block}nav{position:static;height:auto;border-right:0}main{padding:1rem}}
`;

export interface DocsPageOptions {
  /** Where the page links the JSON document; relative, so the page works behind any host. */
  readonly specUrl?: string;
}

export const renderDocsPage = (document: OpenApiDocument, options: DocsPageOptions = {}): string => {
  const ctx: Context = { document: document as unknown as Json };
  const specUrl = options.specUrl ?? '/openapi.json';
  const info = asRecord(ctx.document.info);
  const title = asString(info.title) ?? 'API';
  const version = asString(info.version);
  const operations = operationsOf(ctx);
  const tags = tagsInOrder(ctx, operations);
  const tagDescriptions = new Map(
    asArray(ctx.document.tags).map((tag) => [asString(asRecord(tag).name) ?? '', asString(asRecord(tag).description)]),
  );
  const byTag = (tag: string): Operation[] => operations.filter((op) => operationTags(op).includes(tag));

  const toc = tags
    .filter((tag) => byTag(tag).length > 0)
    .map(
      (tag) =>
        `<h2><a href="#${esc(anchor('tag', tag))}">${esc(tag)}</a></h2><ul>${byTag(tag)
          .map(
            (op) =>
              `<li><a href="#${esc(operationAnchor(op))}">${methodBadge(op.method)} <code>${esc(op.path)}</code></a></li>`,
          )
          .join('')}</ul>`,
    )
    .join('');

  const schemas = Object.keys(asRecord(asRecord(ctx.document.components).schemas));
  const schemaToc = schemas.length > 0
    ? `<h2><a href="#schemas">Schemas</a></h2><ul>${schemas
        .map((name) => `<li><a href="#${esc(anchor('schema', name))}">${esc(name)}</a></li>`)
        .join('')}</ul>`
    : '';

  const sections = tags
    .filter((tag) => byTag(tag).length > 0)
    .map((tag) => {
      const text = tagDescriptions.get(tag);
      return `<h2 class="tag" id="${esc(anchor('tag', tag))}">${esc(tag)}</h2>${text ? blocks(text) : ''}${byTag(tag)
        .map((op) => operationSection(ctx, op))
        .join('\n')}`;
    })
    .join('\n');

  const schemaSections = schemas
    .map(
      (name) =>
        `<section class="op" id="${esc(anchor('schema', name))}"><h3><code>${esc(name)}</code></h3>${schemaBlock(ctx, {
          $ref: `#/components/schemas/${name}`,
        })}</section>`,
    )
    .join('\n');

  const servers = asArray(ctx.document.servers)
    .map((server) => asString(asRecord(server).url))
    .filter((url): url is string => url !== undefined);

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}${version ? ` ${esc(version)}` : ''}</title>
<style>${style}</style>
</head>
<body>
<div class="layout">
<nav aria-label="Contents">
<strong>${esc(title)}</strong>
<h2><a href="#conventions">Conventions</a></h2>
${toc}
${schemaToc}
</nav>
<main>
<header>
<h1>${esc(title)}</h1>
<p class="meta">${version ? `Version <code>${esc(version)}</code> · ` : ''}OpenAPI <code>${esc(
    asString(ctx.document.openapi) ?? '',
  )}</code> · <a href="${esc(specUrl)}">${esc(specUrl)}</a>${
    servers.length > 0 ? ` · Server${servers.length > 1 ? 's' : ''}: ${servers.map((url) => `<code>${esc(url)}</code>`).join(', ')}` : ''
  }</p>
</header>
<section class="conventions" id="conventions">
<h2>Conventions</h2>
${blocks(asString(info.description) ?? '')}
</section>
${sections}
${schemas.length > 0 ? `<h2 class="tag" id="schemas">Schemas</h2>\n${schemaSections}` : ''}
</main>
</div>
</body>
</html>
`;
};
