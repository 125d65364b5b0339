/**
 * `npm run create-admin -- --outputs cdk-outputs.json --tenant acme --email ada@acme.com --name "Ada Lovelace" [--timezone Europe/Rome] [--locale en] [--stack Cronaca-<stage>]`:
 * the first administrator of a tenant on a deployed stage (docs/deploy.md). Reads the stack's outputs
 * (`cdk deploy --outputs-file cdk-outputs.json`: UserPoolId, EventsTableName, ReadModelsTableName),
 * then registers the user through the same service as `POST /v1/users` — the Cognito user first
 * (Cognito e-mails the invitation with a temporary password), then UserRegistered with role admin
 * under its `sub` — acting as the tenant's provisioning system (the events' actor is
 * `system:provisioning`). A tenant exists from its first user on. Runs with the caller's AWS
 * credentials (the default chain: AWS_PROFILE, …) in the pool's region; it needs what the admin API
 * has (cognito-idp Admin* on the pool, the events table).
 *
 * Safe to run again: an address already registered in the tenant is reported with its id (exit 0);
 * a run interrupted between Cognito and the log finds the Cognito user again and finishes.
 * Exit codes: 0 done (or already there), 1 refused or failed, 2 bad arguments or outputs file.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { systemClock, randomIds } from '../adapters/clock.ts';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { EventStore } from '../adapters/dynamodb/event-store.ts';
import { ReadModelStore } from '../adapters/dynamodb/read-model-store.ts';
import { CognitoUserDirectory } from '../adapters/identity/cognito-user-directory.ts';
import { EventStorePeople } from '../adapters/people/event-store-people.ts';
import { ReadModelPeopleDirectory } from '../adapters/people/read-model-people-directory.ts';
import { EventStoreTenantSettings } from '../adapters/settings/event-store-tenant-settings.ts';
import { peopleService } from '../application/administration/people-service.ts';
import { systemActor } from '../application/administration/provision-people.ts';
import { UniqueKeyTakenError } from '../application/ports/event-store-errors.ts';
import type { UserDirectory } from '../application/ports/user-directory.ts';
import { DomainError } from '../domain/shared/errors.ts';
import { readStackOutputs, requiredOutput, type StackOutputs } from './deployed-stack.ts';

interface Output {
  write(text: string): unknown;
}

export interface CreateAdminEnvironment {
  readonly stdout: Output;
  readonly stderr: Output;
  /** The identity provider (default: Cognito, the outputs' pool, in its region). */
  readonly directory?: (userPoolId: string, region: string) => UserDirectory;
  /** DynamoDB (default: the region's endpoint, or AWS_ENDPOINT_URL_DYNAMODB). */
  readonly dynamodb?: (region: string) => DynamoDBClient;
}

export const createAdminUsage = (): string =>
  [
    'Usage: npm run create-admin -- --outputs <cdk-outputs.json> --tenant <id> --email <address> --name <full name>',
    '                               [--timezone <IANA zone, default UTC>] [--locale en|it|pl|hu, default en] [--stack Cronaca-<stage>]',
    'The tenant id: lower-case letters, digits and -, at most 63 characters (it is the custom:tenant claim).',
  ].join('\n');

const tenantPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Runs the command; resolves to the exit code. */
export const runCreateAdmin = async (args: readonly string[], env: CreateAdminEnvironment = { stdout: process.stdout, stderr: process.stderr }): Promise<number> => {
  let values;
  try {
    values = parseArgs({
      args: [...args],
      options: {
        outputs: { type: 'string' },
        stack: { type: 'string' },
        tenant: { type: 'string' },
        email: { type: 'string' },
        name: { type: 'string' },
        timezone: { type: 'string' },
        locale: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    env.stderr.write(`${(error as Error).message}\n\n${createAdminUsage()}\n`);
    return 2;
  }
  const { outputs: outputsFile, tenant, email, name } = values;
  if (!outputsFile || !tenant || !email || !name) {
    env.stderr.write(`--outputs, --tenant, --email and --name are required\n\n${createAdminUsage()}\n`);
    return 2;
  }
  if (!tenantPattern.test(tenant)) {
    env.stderr.write(`invalid --tenant ${JSON.stringify(tenant)}\n\n${createAdminUsage()}\n`);
    return 2;
  }
  let outputs: StackOutputs;
  let userPoolId: string;
  try {
    outputs = readStackOutputs(outputsFile, values.stack).outputs;
    userPoolId = requiredOutput(outputs, 'UserPoolId');
    requiredOutput(outputs, 'EventsTableName');
    requiredOutput(outputs, 'ReadModelsTableName');
  } catch (error) {
    env.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  // A pool id is `<region>_<id>`: the stack's region.
  const region = userPoolId.split('_')[0]!;
  const db = createDocumentClient(env.dynamodb?.(region) ?? new DynamoDBClient({ region }));
  const eventStore = new EventStore(db, outputs['EventsTableName']!);
  const readModels = new ReadModelStore(db, outputs['ReadModelsTableName']!);
  const directory = env.directory?.(userPoolId, region) ?? new CognitoUserDirectory(new CognitoIdentityProviderClient({ region }), userPoolId);
  const people = peopleService(
    () => ({
      eventStore,
      readModels,
      now: systemClock,
      newId: randomIds,
      people: new ReadModelPeopleDirectory(readModels),
      peopleOfRecord: new EventStorePeople(eventStore),
      settings: new EventStoreTenantSettings(eventStore),
    }),
    () => directory,
  );
  const input = { name, email, timezone: values.timezone ?? 'UTC', locale: values.locale ?? 'en', role: 'admin' as const };
  try {
    const { result } = await people.registerUser({ actor: systemActor(tenant), correlationId: `create-admin-${randomUUID()}` }, input);
    env.stdout.write(`Created the administrator ${result.record.email} of tenant ${tenant}: user id ${result.id}.\n`);
    env.stdout.write('Cognito has e-mailed the invitation (temporary password, valid 3 days); the first sign-in sets a password and an authenticator app.\n');
    return 0;
  } catch (error) {
    if (error instanceof UniqueKeyTakenError) {
      env.stdout.write(`${error.value} is already a user of tenant ${tenant}: user id ${error.owner ?? '(unknown)'}. Nothing to do.\n`);
      return 0;
    }
    if (error instanceof DomainError) {
      env.stderr.write(`refused: ${error.message}\n`);
      return 1;
    }
    env.stderr.write(`failed: ${(error as Error).message}\n`);
    return 1;
  }
};

if (import.meta.main) process.exitCode = await runCreateAdmin(process.argv.slice(2));
