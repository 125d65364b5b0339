import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { functions } from '../../../contract/functions.ts';
import { isObserved } from '../../../functions/shared/observability.ts';
import { projectRoot } from '../../../local/functions.ts';
import { apiAuthorizerDefinition } from '../../../infra/constructs/api-authorizer.ts';

/**
 * Every Lambda entry runs the observability middlewares (functions/shared/observability.ts): its
 * `handler` export is made by `observed(...)` or by the HTTP stack (`httpFunction`). The list comes
 * from the contract, so a function added there without them fails here; the HTTP API's authorizer is
 * the one function outside it (infra/constructs/api-authorizer.ts).
 */
const entries = [...new Set([...Object.values(functions), apiAuthorizerDefinition].map((definition) => definition.entry))];

describe('every Lambda entry is observed (metrics + tracer)', () => {
  it('the contract lists the entries this test imports', () => {
    expect(entries.length).toBeGreaterThan(15);
  });

  it.each(entries)('%s exports an observed handler', async (entry) => {
    const module = (await import(pathToFileURL(join(projectRoot, entry)).href)) as { handler?: unknown };
    expect(typeof module.handler).toBe('function');
    expect(isObserved(module.handler)).toBe(true);
  });

  it('a plain function is not taken for an observed one', () => {
    expect(isObserved(async () => undefined)).toBe(false);
  });
});
