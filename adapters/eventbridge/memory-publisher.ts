import type { StoredEvent } from '../../events/envelope.ts';
import type { EventPublisher } from './publisher.ts';

/**
 * The local stand-in for the bus (EventBridge has no local engine): keeps what was published, for
 * tests, and logs one line per event.
 */
export class InMemoryPublisher implements EventPublisher {
  readonly published: StoredEvent[] = [];
  readonly #log: (line: string) => void;

  constructor(log: (line: string) => void = (line) => console.log(line)) {
    this.#log = log;
  }

  async publish(events: readonly StoredEvent[]): Promise<number[]> {
    for (const event of events) {
      this.published.push(event);
      this.#log(`[bus] ${event.type} ${event.meta.tenant}/${event.aggregateType}/${event.aggregateId} v${event.version}`);
    }
    return [];
  }
}
