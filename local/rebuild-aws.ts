/**
 * `npm run rebuild:aws -- --outputs cdk-outputs.json [--stack Cronaca-<stage>] [--tenant <tenant> …] [--wait]`:
 * after a deploy that adds or changes a projection, queues a projection rebuild job for every tenant
 * (or the ones named) of a deployed stage, with the caller's AWS credentials; `--wait` follows the
 * jobs until they end. docs/deploy.md "After a deploy that adds a projection".
 */
import { parseArgs } from 'node:util';
import { randomIds } from '../adapters/clock.ts';
import { rebuildQueueEnv, rebuildQueueFromEnv } from '../adapters/queue/rebuild-queue.ts';
import { dependenciesFromEnv } from '../functions/shared/dependencies.ts';
import { readStackOutputs, requiredOutput, tableEnvironment } from './deployed-stack.ts';
import { rebuildStates, requestRebuilds } from './deployed-rebuild.ts';

const usage = 'usage: npm run rebuild:aws -- --outputs <cdk-outputs.json> [--stack Cronaca-<stage>] [--tenant <tenant> …] [--wait]';
const pollSeconds = 10;

const { values } = (() => {
  try {
    return parseArgs({
      options: { outputs: { type: 'string' }, stack: { type: 'string' }, tenant: { type: 'string', multiple: true }, wait: { type: 'boolean' } },
      strict: true,
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
})();
if (!values.outputs) {
  console.error(usage);
  process.exit(2);
}

try {
  const { stackName, outputs } = readStackOutputs(values.outputs, values.stack);
  Object.assign(process.env, tableEnvironment(outputs), { [rebuildQueueEnv]: requiredOutput(outputs, 'RebuildQueueUrl') });
  const dependencies = dependenciesFromEnv();
  const tenants = values.tenant ?? (await dependencies.people.tenants());
  if (tenants.length === 0) {
    console.log(`${stackName}: no tenant has users yet; nothing to rebuild.`);
  } else {
    const jobs = await requestRebuilds(dependencies, rebuildQueueFromEnv(), tenants, `rebuild-aws-${randomIds()}`);
    for (const job of jobs) console.log(`${stackName}: tenant ${job.tenant}: rebuild ${job.jobId} queued`);
    if (values.wait) {
      for (;;) {
        const states = await rebuildStates(dependencies, jobs);
        const open = states.filter(({ job }) => job.status !== 'completed' && job.status !== 'failed');
        for (const { tenant, job } of states) console.log(`  ${tenant}: ${job.status}${job.phase ? ` (${job.phase})` : ''}${job.failure ? ` — ${JSON.stringify(job.failure)}` : ''}`);
        if (open.length === 0) {
          if (states.some(({ job }) => job.status === 'failed')) process.exitCode = 1;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, pollSeconds * 1000));
      }
    }
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
