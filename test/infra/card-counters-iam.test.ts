import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CronacaStack } from '../../infra/cronaca-stack.ts';
import { allowedActions, getAtt, logicalId } from './helpers.ts';

/**
 * The client card's counters (projections/counters.ts) are written by whoever moves a card's main
 * item, in one TransactWriteItems: a conditioned Put or Delete of the main item and `ADD n` Updates
 * of the counters. IAM has no action for the transaction itself: each part needs its own action, on
 * the READ MODELS table — the projector and the rebuild worker (which also sweeps orphans) have them;
 * the events table's grants are left as test/infra/events-table-iam.test.ts pins them.
 */
let stack: CronacaStack;
let template: Template;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
  stack = new CronacaStack(app, 'CronacaCardCounters', { stage: 'test' });
  template = Template.fromStack(stack);
});

describe('card counters in AWS', () => {
  it('the projector and the rebuild worker may Put, Delete, Update and ConditionCheck read items (a counted transaction)', () => {
    const table = getAtt(logicalId(stack.readModels.table), 'Arn');
    for (const fn of [stack.functions.projector, stack.functions.projectionRebuilder]) {
      const actions = allowedActions(template, logicalId(fn.role));
      for (const action of ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem']) {
        expect(actions.get(action), `${fn.function.node.id} ${action}`).toContainEqual(table);
      }
      // Not on the events table (append-only: no function updates an event).
      expect(actions.get('dynamodb:UpdateItem') ?? []).not.toContainEqual(getAtt(logicalId(stack.eventStore.table), 'Arn'));
    }
  });
});
