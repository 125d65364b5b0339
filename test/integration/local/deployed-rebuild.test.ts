import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RebuildMessage } from '../../../application/ports/rebuild.ts';
import { rebuildStates, requestRebuilds } from '../../../local/deployed-rebuild.ts';
import { readStackOutputs, tableEnvironment } from '../../../local/deployed-stack.ts';
import { testDependencies } from '../../support/dynamo.ts';

const outputsFile = (content: unknown): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'cronaca-outputs-')), 'cdk-outputs.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
};

const prod = { EventsTableName: 'cronaca-prod-events', ReadModelsTableName: 'cronaca-prod-read-models', RebuildQueueUrl: 'https://sqs.eu-south-1.amazonaws.com/1/q' };

describe('a deployed stage from `cdk deploy --outputs-file`', () => {
  it('reads the one Cronaca stack of the file, and gives the tables to the adapters by their environment variables', () => {
    const { stackName, outputs } = readStackOutputs(outputsFile({ 'Cronaca-prod': prod, CDKToolkit: { BucketName: 'x' } }));
    expect(stackName).toBe('Cronaca-prod');
    expect(tableEnvironment(outputs)).toEqual({ EVENTS_TABLE: 'cronaca-prod-events', READ_MODELS_TABLE: 'cronaca-prod-read-models' });
  });

  it('asks for --stack when the file holds several stages, and names the missing one', () => {
    const file = outputsFile({ 'Cronaca-prod': prod, 'Cronaca-test': prod });
    expect(() => readStackOutputs(file)).toThrow('name the stack with --stack (stacks: Cronaca-prod, Cronaca-test)');
    expect(readStackOutputs(file, 'Cronaca-test').stackName).toBe('Cronaca-test');
    expect(() => readStackOutputs(file, 'Cronaca-dev')).toThrow('no stack Cronaca-dev');
  });

  it('refuses outputs of an older stack that lacks a table output', () => {
    const { outputs } = readStackOutputs(outputsFile({ 'Cronaca-old': { EventsTableName: 'e' } }));
    expect(() => tableEnvironment(outputs)).toThrow('the stack outputs have no ReadModelsTableName');
  });
});

describe('rebuilds after a deploy (npm run rebuild:aws)', () => {
  it('records a queued rebuild job in each tenant and sends one message per job, as the admin route does', async () => {
    const dependencies = testDependencies();
    const sent: RebuildMessage[] = [];
    const tenants = [`ops-a-${randomUUID()}`, `ops-b-${randomUUID()}`];

    const jobs = await requestRebuilds(dependencies, { send: async (message) => void sent.push(message) }, tenants, 'corr-1');

    expect(jobs.map((job) => job.tenant)).toEqual(tenants);
    expect(sent).toEqual(jobs.map((job) => ({ kind: 'projection-rebuild', tenant: job.tenant, jobId: job.jobId })));
    const states = await rebuildStates(dependencies, jobs);
    for (const state of states) {
      expect(state.job.status).toBe('queued');
      expect(state.job.requestedBy).toBe('system:operator');
    }
  });
});
