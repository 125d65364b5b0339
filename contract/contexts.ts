import { activitiesContext } from './contexts/activities.ts';
import { collaborationContext } from './contexts/collaboration.ts';
import { administrationContext } from './contexts/administration.ts';
import { directoryContext } from './contexts/directory.ts';
import { importsContext } from './contexts/imports.ts';
import { integrationsContext } from './contexts/integrations.ts';
import { platformContext } from './contexts/platform.ts';
import { reportsContext } from './contexts/reports.ts';
import { requestsContext } from './contexts/requests.ts';
import { salesContext } from './contexts/sales.ts';
import { supportContext } from './contexts/support.ts';

/**
 * THE list of contexts, one module each (`contract/contexts/<name>.ts`). Everything that needs "all
 * events", "all routes", "all functions", "all projections" or "all bus rules" reads it: the event
 * catalogue (`event-catalogue.ts`), the route table (`routes.ts`: router, OpenAPI document, API
 * Gateway, local server), the function list (`functions.ts`: `infra/`, `local/`, `bench/`), the bus
 * rules (`bus-rules.ts`) and the projections (`projections/catalogue.ts`: projector, rebuilds).
 * Adding a context = its own files + one line here (docs/adding-a-context.md).
 *
 * The order is the order of the route table, hence of the paths in the OpenAPI document.
 */
export const contexts = [
  supportContext,
  requestsContext,
  directoryContext,
  salesContext,
  reportsContext,
  administrationContext,
  platformContext,
  activitiesContext,
  importsContext,
  collaborationContext,
  integrationsContext,
] as const;

export type Context = (typeof contexts)[number];
export type ContextName = Context['name'];
