import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../contract/openapi.ts';
import type { OpenApiDocument } from '../../../contract/openapi.ts';
import { routes } from '../../../contract/routes.ts';
import type { RouteDefinition } from '../../../contract/routes.ts';
import { escapeHtml, renderDocsPage } from '../../../functions/http/docs-page.ts';

const allRoutes: readonly RouteDefinition[] = routes;
const doc = openApiDocument({ serverUrl: 'https://api.example.com' });
const page = renderDocsPage(doc);

/** The HTML of one operation's section. */
const sectionOf = (html: string, operationId: string): string => {
  const start = html.indexOf(`<section class="op" id="op-${operationId}">`);
  expect(start, operationId).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</section>', start));
};

const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link', 'wbr', 'col', 'source']);

/** Elements open and close in order (a cheap well-formedness check that catches escaping bugs). */
const unbalancedTags = (html: string): string[] => {
  const stack: string[] = [];
  const problems: string[] = [];
  const body = html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/^<!doctype html>/i, '');
  for (const match of body.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g)) {
    const [, closing, rawName] = match;
    const name = (rawName ?? '').toLowerCase();
    if (VOID.has(name)) continue;
    if (!closing) stack.push(name);
    else if (stack.pop() !== name) problems.push(`unexpected </${name}> at ${match.index}`);
  }
  return [...problems, ...stack.map((name) => `unclosed <${name}>`)];
};

describe('renderDocsPage', () => {
  it('is a complete, well-formed HTML page titled after the API', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<title>Cronaca API 1.0.0</title>');
    expect(page).toContain('<meta charset="utf-8">');
    expect(unbalancedTags(page)).toEqual([]);
  });

  it('has every operation: method badge, path, summary, operationId and its auth', () => {
    for (const route of allRoutes) {
      const section = sectionOf(page, route.operationId);
      expect(section).toContain(`<span class="method m-${route.method.toLowerCase()}">${route.method}</span>`);
      expect(section).toContain(`<code class="path">${escapeHtml(route.path)}</code>`);
      expect(section).toContain(`<code>${route.operationId}</code>`);
      expect(section).toContain(route.auth === 'jwt' ? 'Bearer JWT' : 'Public: no authentication');
      // summaries may carry `code`; compare the text with the markup removed
      expect(section.replace(/<\/?code>/g, '')).toContain(escapeHtml(route.summary.replaceAll('`', '')));
    }
  });

  it('has a table of contents by tag, linking to every operation', () => {
    const nav = page.slice(page.indexOf('<nav'), page.indexOf('</nav>'));
    for (const tag of new Set(allRoutes.map((route) => route.tag))) expect(nav).toContain(`href="#tag-${tag}">${tag}</a>`);
    for (const route of allRoutes) expect(nav).toContain(`href="#op-${route.operationId}"`);
    expect(nav.indexOf('#tag-Support')).toBeLessThan(nav.indexOf('#tag-Administration'));
  });

  it('every in-page link has a target', () => {
    const ids = new Set([...page.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]));
    const anchors = [...page.matchAll(/href="#([^"]*)"/g)].map((match) => match[1]);
    expect(anchors.length).toBeGreaterThan(20);
    for (const target of anchors) expect(ids.has(target), `#${target}`).toBe(true);
  });

  it('shows the conventions, the parameters, request and response schemas with $refs resolved', () => {
    expect(page).toContain('id="conventions"');
    expect(page).toContain('<code>Idempotency-Key</code>');
    const open = sectionOf(page, 'openTicket');
    expect(open).toContain('<code class="name">companyId</code> <span class="type">string</span> <span class="req">required</span>');
    expect(open).toContain('<code class="name">contactId</code> <span class="type">string</span> <span class="opt">optional</span>');
    expect(open).toContain('<code class="name">groupId</code>'); // Assignee, two refs deep
    expect(open).toContain('<a href="#schema-Ticket">Ticket</a>');
    expect(open).toContain('<code class="name">openedAt</code>'); // the response schema, expanded
    const list = sectionOf(page, 'listTickets');
    expect(list).toContain('<td><code>limit</code></td><td>query</td><td>integer</td>');
    expect(list).toContain('default <code>50</code>');
    expect(list).toContain('one of <code>&quot;open&quot;</code>, <code>&quot;closed&quot;</code>');
    expect(sectionOf(page, 'getTicketHistory')).toContain('<code class="name">actor</code>');
  });

  it('lists the error statuses of each operation', () => {
    const open = sectionOf(page, 'openTicket');
    for (const status of ['400', '401', '403', '409', '413', '415', '422', '429']) {
      expect(open).toContain(`<span class="status s-err">${status}</span>`);
    }
    expect(open).toContain('application/problem+json');
    expect(sectionOf(page, 'closeTicket')).toContain('<span class="status s-err">412</span>');
    expect(sectionOf(page, 'health')).not.toContain('>401<');
  });

  it('escapes HTML coming from the document', () => {
    const hostile = structuredClone(doc) as unknown as {
      info: { description: string; title: string };
      paths: Record<string, Record<string, { summary: string; parameters?: unknown[] }>>;
      components: { schemas: Record<string, { properties: Record<string, { description?: string }> }> };
    };
    hostile.info.title = 'Cronaca <API>';
    hostile.info.description = 'Conventions: a < b && c > d, <script>alert(1)</script>';
    const listing = hostile.paths['/v1/tickets']?.get;
    if (!listing) throw new Error('no listTickets');
    listing.summary = 'List <img src=x onerror=alert(1)> "tickets"';
    const companyId = hostile.components.schemas.OpenTicket?.properties.companyId;
    if (!companyId) throw new Error('no companyId');
    companyId.description = 'Company <b>id</b> & more';
    const html = renderDocsPage(hostile as unknown as OpenApiDocument);
    expect(html).toContain('<title>Cronaca &lt;API&gt; 1.0.0</title>');
    expect(html).toContain('a &lt; b &amp;&amp; c &gt; d, &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('List &lt;img src=x onerror=alert(1)&gt; &quot;tickets&quot;');
    expect(html).toContain('Company &lt;b&gt;id&lt;/b&gt; &amp; more');
    expect(html).not.toMatch(/<script|<img|<b>/i);
    expect(unbalancedTags(html)).toEqual([]);
  });

  it('is self-contained: no scripts, external resources or absolute links', () => {
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<link\b/i);
    expect(page).not.toMatch(/<(iframe|img|object|embed)\b/i);
    expect(page).not.toMatch(/\ssrc=/i);
    expect(page).not.toMatch(/@import|url\(/i);
    const links = [...page.matchAll(/href="([^"]*)"/g)].map((match) => match[1] ?? '');
    for (const link of links) {
      expect(link, link).toMatch(/^(#|\/(?!\/))/); // in-page or same-origin relative
      expect(link).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
    }
    // the server URL is shown as text, not linked
    expect(page).toContain('<code>https://api.example.com</code>');
    expect(page).not.toMatch(/href="https?:/);
  });

  it('links the JSON document', () => {
    expect(page).toContain('<a href="/openapi.json">/openapi.json</a>');
    expect(renderDocsPage(doc, { specUrl: '/prod/openapi.json' })).toContain('href="/prod/openapi.json"');
  });

  it('is deterministic', () => {
    expect(renderDocsPage(openApiDocument({ serverUrl: 'https://api.example.com' }))).toBe(page);
  });
});
