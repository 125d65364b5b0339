import type { StoredEvent } from '../../events/envelope.ts';
import type { DomainEvent, Recorded } from '../../domain/shared/decider.ts';

/** A stored event as the domain's `evolve` sees it: type, data, when and by whom. */
export const recorded = <E extends DomainEvent>(event: StoredEvent): Recorded<E> =>
  ({ type: event.type, data: event.data, at: event.at, actor: event.meta.actor }) as Recorded<E>;
