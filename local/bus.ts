import { randomUUID } from 'node:crypto';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { InMemoryPublisher } from '../adapters/eventbridge/memory-publisher.ts';
import { busEntry } from '../adapters/eventbridge/publisher.ts';
import { busRules, matchesPattern, type BusRule } from '../contract/bus-rules.ts';
import { functions } from '../contract/functions.ts';
import type { StoredEvent } from '../events/envelope.ts';
import { localAwsConfig } from './aws.ts';
import { importFunctionModule } from './functions.ts';
import { createLambdaContext, localAccountId } from './lambda-context.ts';

export type BusHandler = (event: EventBridgeEvent<string, unknown>, context: Context) => Promise<unknown>;

/** A subscriber of the local bus: a `bus` function and its rule, as `infra/` subscribes it in AWS. */
export interface BusTarget {
  readonly name: string;
  readonly rule: BusRule;
  readonly handler: BusHandler;
  readonly timeoutSeconds?: number;
}

export interface LocalBusOptions {
  /** Default console.log. */
  readonly log?: (line: string) => void;
  /** Attempts per delivery before it is given up (EventBridge: the first, then the retries). Default 3. */
  readonly attempts?: number;
  /** Pause before a retry (ms). Default 200. */
  readonly retryDelayMs?: number;
}

const localBusName = 'cronaca-local';

/** The EventBridge event a rule target receives for a bus entry (`busEntry`), as in AWS. */
const targetEventOf = (event: StoredEvent): EventBridgeEvent<string, unknown> => {
  const entry = busEntry(event, localBusName);
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': entry.DetailType!,
    source: entry.Source!,
    account: localAccountId,
    time: event.at,
    region: localAwsConfig.region,
    resources: [],
    detail: JSON.parse(entry.Detail!) as unknown,
  };
};

/**
 * The local stand-in for the integration bus and its rules (EventBridge has no local engine): keeps
 * and logs what is published like `InMemoryPublisher`, and delivers each event to every target whose
 * rule (`contract/bus-rules.ts`, the patterns `infra/` deploys) matches — asynchronously, as
 * EventBridge does, with bounded retries; what still fails is logged as dead-lettered. `idle()`
 * resolves once nothing is in flight.
 */
export class LocalBus extends InMemoryPublisher {
  readonly #targets: readonly BusTarget[];
  readonly #log: (line: string) => void;
  readonly #attempts: number;
  readonly #retryDelayMs: number;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(targets: readonly BusTarget[], options: LocalBusOptions = {}) {
    const log = options.log ?? ((line: string) => console.log(line));
    super(log);
    this.#targets = targets;
    this.#log = log;
    this.#attempts = options.attempts ?? 3;
    this.#retryDelayMs = options.retryDelayMs ?? 200;
  }

  override async publish(events: readonly StoredEvent[]): Promise<number[]> {
    const failed = await super.publish(events);
    for (const event of events) {
      const target = targetEventOf(event);
      for (const subscriber of this.#targets) {
        if (!matchesPattern(subscriber.rule.pattern, { source: target.source, detailType: target['detail-type'] })) continue;
        const delivery = this.#deliver(subscriber, target).finally(() => this.#inFlight.delete(delivery));
        this.#inFlight.add(delivery);
      }
    }
    return failed;
  }

  async #deliver(subscriber: BusTarget, event: EventBridgeEvent<string, unknown>): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const context = createLambdaContext({ functionName: `cronaca-${subscriber.name}`, ...(subscriber.timeoutSeconds ? { timeoutSeconds: subscriber.timeoutSeconds } : {}) });
        await subscriber.handler(event, context);
        return;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (attempt >= this.#attempts) {
          this.#log(`[bus] ${subscriber.name}: dead-lettered ${event['detail-type']} after ${attempt} attempts: ${reason}`);
          return;
        }
        this.#log(`[bus] ${subscriber.name}: ${event['detail-type']} failed (${reason}); retrying`);
        await new Promise((resolve) => setTimeout(resolve, this.#retryDelayMs * attempt));
      }
    }
  }

  /** Resolves when every delivery started so far has finished (stop, tests). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }
}

/** The bus functions of the contract with their rules, their entry modules imported on call. */
export const loadBusTargets = async (): Promise<BusTarget[]> =>
  Promise.all(
    (Object.keys(busRules) as (keyof typeof busRules)[]).map(async (name) => {
      const module = (await importFunctionModule(name)) as { handler: BusHandler };
      return { name, rule: busRules[name], handler: module.handler, timeoutSeconds: functions[name].timeoutSeconds };
    }),
  );
