import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functions, type FunctionDefinition, type FunctionName } from '../../contract/functions.ts';
import { CronacaFunction } from '../../infra/constructs/functions.ts';
import { webhookDeliverySettings } from '../../infra/constructs/webhook-delivery.ts';
import { checkPollers, workerQueue } from '../../infra/constructs/worker-queue.ts';
import { CronacaStack, defaultAccountConcurrencyLimit, minimumUnreservedConcurrency, reservedConcurrencyOf } from '../../infra/cronaca-stack.ts';
import { getAtt, logicalId } from './helpers.ts';

/**
 * Concurrency limits (issue 18 "Limits"): the workers one runaway job could scale until they starve
 * the API reserve their concurrency, as their definitions say (contract/contexts/*.ts
 * `reservedConcurrency`); their event sources take no more messages at once than that; the synth
 * refuses reservations the account's quota cannot hold; a stack for a small account leaves them out.
 */
const noBundling = () => new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
let stack: CronacaStack;
let template: Template;
const names = Object.keys(functions) as FunctionName[];

beforeAll(() => {
  stack = new CronacaStack(noBundling(), 'CronacaLimits', { stage: 'limits' });
  template = Template.fromStack(stack);
});

const lambdaProperties = (name: FunctionName) => template.findResources('AWS::Lambda::Function')[logicalId(stack.functions[name].function)]!.Properties;
const mappingOf = (name: FunctionName) => {
  const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).filter(
    (mapping) => JSON.stringify(mapping.Properties.FunctionName) === JSON.stringify({ Ref: logicalId(stack.functions[name].function) }),
  );
  expect(mappings, name).toHaveLength(1);
  return mappings[0]!.Properties;
};

describe('reserved concurrency', () => {
  it('the import worker, the report renderer, the webhook sender and the rebuild worker reserve theirs; no other function does', () => {
    const reserved = Object.fromEntries(names.filter((name) => lambdaProperties(name).ReservedConcurrentExecutions !== undefined).map((name) => [name, lambdaProperties(name).ReservedConcurrentExecutions]));
    expect(reserved).toEqual({ importWorker: 10, reportRenderer: 10, webhookSender: 50, projectionRebuilder: 2 });
    // As declared (the contract is the one place to change them).
    for (const [name, value] of Object.entries(reserved)) expect((functions[name as FunctionName] as FunctionDefinition).reservedConcurrency).toBe(value);
    // Not the API's functions, the authorizer or CDK's own helpers: every reservation is listed above.
    const everyReservation = Object.values(template.findResources('AWS::Lambda::Function')).filter((fn) => fn.Properties.ReservedConcurrentExecutions !== undefined);
    expect(everyReservation).toHaveLength(Object.keys(reserved).length);
  });

  it("each worker's queue feeds it at most as many messages at once as it reserves (more pollers would be throttled toward the dead-letter queue)", () => {
    for (const name of ['importWorker', 'reportRenderer', 'projectionRebuilder', 'webhookSender'] as const) {
      expect(mappingOf(name).ScalingConfig, name).toEqual({ MaximumConcurrency: functions[name].reservedConcurrency });
    }
    expect(mappingOf('importWorker').EventSourceArn).toEqual(getAtt(logicalId(stack.importJobs.queue), 'Arn'));
    expect(webhookDeliverySettings.maxConcurrency).toBe(functions.webhookSender.reservedConcurrency);
  });

  it('the synth fails when an event source could run more batches than its function reserves', () => {
    const definition = { ...functions.importWorker, reservedConcurrency: 5 };
    expect(() => checkPollers(definition, 6)).toThrow(/ImportWorker: its event source's maxConcurrency \(6\) must be at most its reserved concurrency \(5\)/);
    expect(() => checkPollers(definition, undefined)).toThrow(/unbounded/);
    expect(() => checkPollers(definition, 5)).not.toThrow();
    expect(() => checkPollers(functions.importsApi, undefined)).not.toThrow();
  });
});

describe("the account's concurrency quota", () => {
  const total = names.reduce((sum, name) => sum + ((functions[name] as FunctionDefinition).reservedConcurrency ?? 0), 0);

  it("the stack's reservations leave Lambda its 100 unreserved executions of the default quota", () => {
    expect(reservedConcurrencyOf(Object.values(functions), defaultAccountConcurrencyLimit)).toBe(total);
    expect(defaultAccountConcurrencyLimit - total).toBeGreaterThanOrEqual(minimumUnreservedConcurrency);
  });

  it('the synth fails, naming the way out, when the account limit cannot hold them (a new account: 10)', () => {
    expect(() => new CronacaStack(noBundling(), 'CronacaSmall', { stage: 'small', accountConcurrencyLimit: 10 })).toThrow(
      /reserve 72 concurrent executions, which leaves -62 of the account's 10 unreserved; Lambda needs 100\..*reserveConcurrency: false/,
    );
    // Exactly at the edge it fits; one less does not.
    expect(() => reservedConcurrencyOf(Object.values(functions), total + minimumUnreservedConcurrency)).not.toThrow();
    expect(() => reservedConcurrencyOf(Object.values(functions), total + minimumUnreservedConcurrency - 1)).toThrow(/leaves 99/);
  });

  it('with reserveConcurrency: false a function reserves nothing and its quota is not checked; the event source still bounds the worker', () => {
    // The function construct alone (a second stack synth would double this file's time).
    const small = new Stack(noBundling(), 'SmallAccount');
    const resources = { eventsTable: 'e', readModelsTable: 'r', dropBucket: 'd', eventBus: 'b' };
    const props = { stage: 'small', resources, removalPolicy: RemovalPolicy.DESTROY };
    const off = new CronacaFunction(small, 'Off', { ...props, definition: functions.importWorker, reserveConcurrency: false });
    const on = new CronacaFunction(small, 'On', { ...props, definition: functions.importWorker });
    workerQueue(small, { worker: off, timeoutSeconds: 900, env: 'QUEUE_URL', starters: [] });
    const properties = Template.fromStack(small).findResources('AWS::Lambda::Function');
    Template.fromStack(small).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(off.function) },
      ScalingConfig: { MaximumConcurrency: functions.importWorker.reservedConcurrency },
    });
    expect(properties[logicalId(off.function)]!.Properties.ReservedConcurrentExecutions).toBeUndefined();
    expect(properties[logicalId(on.function)]!.Properties.ReservedConcurrentExecutions).toBe(functions.importWorker.reservedConcurrency);
  });
});
