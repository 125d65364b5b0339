import { Duration } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { BusRule } from '../../contract/bus-rules.ts';
import type { EventBus } from './event-bus.ts';
import type { CronacaFunction } from './functions.ts';
import { invocationDeadLetterQueue } from './invocation-dead-letter-queue.ts';

/** Retries of one delivery (EventBridge -> Lambda, then Lambda's own async retries), and its age limit. */
export const busDelivery = { retryAttempts: 2, maxEventAge: Duration.hours(6) } as const;

export interface BusSubscriptionProps {
  readonly bus: EventBus;
  readonly fn: CronacaFunction;
  readonly rule: BusRule;
}

/**
 * A `bus` function of `contract/functions.ts` subscribed to the integration bus with its rule from
 * `contract/bus-rules.ts`. Both ways an event can fail end in one dead-letter queue: EventBridge could
 * not invoke the function (target retry policy and DLQ), or the function failed on every attempt
 * (Lambda's asynchronous retries and on-failure destination). Delivery is at least once, so the
 * function must be idempotent.
 */
export class BusSubscription extends Construct {
  readonly rule: Rule;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: BusSubscriptionProps) {
    super(scope, id);
    const { bus, fn, rule } = props;
    this.deadLetterQueue = invocationDeadLetterQueue(this, fn.function, busDelivery);
    this.rule = new Rule(this, 'Rule', {
      eventBus: bus.bus,
      description: `${fn.definition.id}: ${rule.description}`,
      eventPattern: { source: [...rule.pattern.source], ...(rule.pattern.detailType ? { detailType: [...rule.pattern.detailType] } : {}) },
      targets: [new LambdaFunction(fn.function, { deadLetterQueue: this.deadLetterQueue, ...busDelivery })],
    });
  }
}
