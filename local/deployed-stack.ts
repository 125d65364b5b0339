import { readFileSync } from 'node:fs';
import { resourceEnv } from '../contract/tables.ts';

/**
 * A deployed stage as `cdk deploy --outputs-file <file>` describes it: the operator commands
 * (`npm run rebuild:aws`, …) act on that stage with the caller's AWS credentials, through the same
 * services and adapters as the functions, configured by the same environment variables.
 */
export type StackOutputs = Readonly<Record<string, string>>;

/**
 * The outputs of one stack of the file: the only one, or `stackName` (`Cronaca-<stage>`) when the file
 * holds several.
 */
export const readStackOutputs = (file: string, stackName?: string): { readonly stackName: string; readonly outputs: StackOutputs } => {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`${file}: not a CDK outputs file`);
  const stacks = Object.entries(parsed as Record<string, unknown>).filter(([name]) => name.startsWith('Cronaca-'));
  const chosen = stackName ? stacks.filter(([name]) => name === stackName) : stacks;
  if (chosen.length !== 1) {
    const names = stacks.map(([name]) => name).join(', ') || 'none';
    throw new Error(stackName ? `${file}: no stack ${stackName} (stacks: ${names})` : `${file}: name the stack with --stack (stacks: ${names})`);
  }
  const [name, outputs] = chosen[0]!;
  if (typeof outputs !== 'object' || outputs === null) throw new Error(`${file}: ${name} has no outputs`);
  return { stackName: name, outputs: outputs as StackOutputs };
};

export const requiredOutput = (outputs: StackOutputs, key: string): string => {
  const value = outputs[key];
  if (typeof value !== 'string' || value === '') throw new Error(`the stack outputs have no ${key}: deploy the current version of the stack first`);
  return value;
};

/** The tables' environment variables the adapters read (`tableNamesFromEnv`), from the outputs. */
export const tableEnvironment = (outputs: StackOutputs): Record<string, string> => ({
  [resourceEnv.eventsTable]: requiredOutput(outputs, 'EventsTableName'),
  [resourceEnv.readModelsTable]: requiredOutput(outputs, 'ReadModelsTableName'),
});
