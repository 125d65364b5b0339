import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { busRules } from '../../contract/bus-rules.ts';
import { contexts } from '../../contract/contexts.ts';
import { catalogue, eventTypes } from '../../contract/event-catalogue.ts';
import { functions } from '../../contract/functions.ts';
import { openApiDocument } from '../../contract/openapi.ts';
import { routeKey, routes } from '../../contract/routes.ts';
import { projectRoot } from '../../local/functions.ts';
import { projections } from '../../projections/catalogue.ts';

/**
 * The list of context modules is the only registry (docs/adding-a-context.md): everything a context
 * declares belongs to it alone, and every list the code reads (event catalogue, route table, OpenAPI
 * document, functions for infra/ and local/, projections, bus rules) is exactly what the contexts declare.
 */

/** Each value with the contexts that declare it; `owners(...)` of a well-formed list has one owner each. */
const owners = (declared: (context: (typeof contexts)[number]) => readonly string[]): Map<string, string[]> => {
  const map = new Map<string, string[]>();
  for (const context of contexts) for (const value of declared(context)) map.set(value, [...(map.get(value) ?? []), context.name]);
  return map;
};
const sharedBy = (map: Map<string, string[]>): [string, string[]][] => [...map].filter(([, names]) => names.length !== 1);
const sorted = (values: Iterable<string>): string[] => [...values].sort();

describe('the context modules', () => {
  it('have distinct names, and the list holds every module of contract/contexts/', () => {
    const names = contexts.map((context) => context.name);
    expect(new Set(names).size).toBe(names.length);
    const modules = readdirSync(join(projectRoot, 'contract/contexts')).filter((file) => file.endsWith('.ts'));
    expect(sorted(modules)).toEqual(sorted(names.map((name) => `${name}.ts`)));
  });

  it('every event type belongs to exactly one context, and the catalogue is exactly theirs', () => {
    const eventOwners = owners((context) => context.events.map((event) => event.type));
    expect(sharedBy(eventOwners)).toEqual([]);
    expect(sorted(eventTypes)).toEqual(sorted(eventOwners.keys()));
    for (const context of contexts) for (const event of context.events) expect(catalogue.get(event.type)).toBe(event);
  });

  it('an event source (EventBridge `source`) is published by one context only', () => {
    const sourceOwners = owners((context) => [...new Set(context.events.map((event) => event.source))]);
    expect(sharedBy(sourceOwners)).toEqual([]);
  });

  it('every route belongs to exactly one context and is served by a function of that context', () => {
    expect(sharedBy(owners((context) => context.routes.map(routeKey)))).toEqual([]);
    expect(sharedBy(owners((context) => context.routes.map((route) => route.operationId)))).toEqual([]);
    for (const context of contexts) {
      for (const route of context.routes) expect(Object.keys(context.functions), `${context.name}: ${route.operationId}`).toContain(route.function);
    }
  });

  it('the route table, hence the router and the OpenAPI document, are exactly the contexts’ routes', () => {
    expect(routes).toEqual(contexts.flatMap((context): readonly unknown[] => context.routes));
    const operationIds = Object.values(openApiDocument().paths).flatMap((item) =>
      Object.values(item as Record<string, { operationId?: string }>).flatMap((operation) => (operation.operationId ? [operation.operationId] : [])),
    );
    expect(sorted(operationIds)).toEqual(sorted(routes.map((route) => route.operationId)));
  });

  it('the opportunity operations are the sales context’s, served by its own function', () => {
    const sales = contexts.find((context) => context.name === 'sales')!;
    const opportunityOperations = ['getOpportunity', 'openOpportunity', 'listOpportunities', 'getOpportunitySummary', 'updateOpportunity', 'getOpportunityHistory', 'winOpportunity', 'loseOpportunity', 'reopenOpportunity'];
    for (const operationId of opportunityOperations) {
      expect(sales.routes.find((route) => route.operationId === operationId)?.function, operationId).toBe('salesApi');
    }
    expect(new Set(sales.routes.map((route) => route.function))).toEqual(new Set(['salesApi']));
  });

  it('every function belongs to exactly one context; the list infra/ and local/ read is exactly theirs, and every entry exists', () => {
    const functionOwners = owners((context) => Object.keys(context.functions));
    expect(sharedBy(functionOwners)).toEqual([]);
    expect(sorted(Object.keys(functions))).toEqual(sorted(functionOwners.keys()));
    const ids = Object.values(functions).map((definition) => definition.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const definition of Object.values(functions)) expect(existsSync(join(projectRoot, definition.entry)), definition.entry).toBe(true);
  });

  it('every HTTP function serves at least one route, and only HTTP functions serve routes', () => {
    const served = new Set<string>(routes.map((route) => route.function));
    for (const [name, definition] of Object.entries(functions)) expect(served.has(name), name).toBe(definition.kind === 'http');
  });

  it('every projection belongs to exactly one context, and the projector reads exactly theirs', () => {
    const projectionOwners = owners((context) => context.projections.map((projection) => projection.name));
    expect(sharedBy(projectionOwners)).toEqual([]);
    expect(sorted(projections.map((projection) => projection.name))).toEqual(sorted(projectionOwners.keys()));
  });

  it('every bus function has exactly one rule, in its own context, on event types of the catalogue', () => {
    const ruleOwners = owners((context) => context.busRules.map((rule) => rule.function));
    expect(sharedBy(ruleOwners)).toEqual([]);
    const busFunctions = Object.entries(functions).flatMap(([name, definition]) => (definition.kind === 'bus' ? [name] : []));
    expect(sorted(Object.keys(busRules))).toEqual(sorted(busFunctions));
    expect(sorted(ruleOwners.keys())).toEqual(sorted(busFunctions));
    for (const context of contexts) {
      for (const rule of context.busRules) {
        expect(Object.keys(context.functions)).toContain(rule.function);
        if ('allExceptSources' in rule.eventTypes) {
          const sources = new Set([...catalogue.values()].map((definition) => definition.source));
          for (const source of rule.eventTypes.allExceptSources) expect(sources, `${rule.function}: ${source}`).toContain(source);
        } else {
          for (const type of rule.eventTypes) expect(eventTypes, `${rule.function}: ${type}`).toContain(type);
        }
      }
    }
  });

  it('no file in contract/ is over 300 lines', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));
    const long = files(join(projectRoot, 'contract'))
      .map((file) => [file.slice(projectRoot.length), readFileSync(file, 'utf8').split('\n').length - 1] as const)
      .filter(([, lines]) => lines > 300);
    expect(long).toEqual([]);
  });

  it('the checks above can fail: a value declared twice is seen', () => {
    const twice = new Map([['Probe', ['support', 'sales']]]);
    expect(sharedBy(twice)).toEqual([['Probe', ['support', 'sales']]]);
  });
});
