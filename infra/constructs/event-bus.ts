import { EventBus as Bus } from 'aws-cdk-lib/aws-events';
import type { Grant, IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export interface EventBusProps {
  readonly stage: string;
}

/** The integration bus: every event of the log is published here (`cronaca-<stage>`). */
export class EventBus extends Construct {
  readonly bus: Bus;

  constructor(scope: Construct, id: string, props: EventBusProps) {
    super(scope, id);
    this.bus = new Bus(this, 'Bus', {
      eventBusName: `cronaca-${props.stage}`,
      description: 'Cronaca domain events (the public contract of events/)',
    });
  }

  get eventBusName(): string {
    return this.bus.eventBusName;
  }

  /** `events:PutEvents` on this bus only. */
  grantPublish(grantee: IGrantable): Grant {
    return this.bus.grantPutEventsTo(grantee);
  }
}
