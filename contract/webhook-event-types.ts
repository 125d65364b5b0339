/**
 * The event types a webhook endpoint may subscribe to and receive: the catalogue's, less the
 * non-deliverable ones — THE list with a reason each is domain/integrations/webhook-event-privacy.ts
 * (in domain/ so that the dispatcher's planning in application/ uses the same list). The endpoint
 * rules (functions/http/integrations/webhook-rules.ts) take `deliverableEventTypes` as the known types.
 */
import { isDeliverableEventType, whyNotDeliverable } from '../domain/integrations/webhook-event-privacy.ts';
import { eventTypes } from './event-catalogue.ts';

export { privateEventTypes, isDeliverableEventType } from '../domain/integrations/webhook-event-privacy.ts';

export const deliverableEventTypes: readonly string[] = eventTypes.filter(isDeliverableEventType);

/** Every type of the catalogue a webhook never carries, with why. */
export const nonDeliverableEventTypes: ReadonlyMap<string, string> = new Map(
  eventTypes.flatMap((type) => {
    const why = whyNotDeliverable(type);
    return why === undefined ? [] : [[type, why] as const];
  }),
);
