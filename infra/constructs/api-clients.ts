import { Grant } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { EventStore } from './event-store.ts';
import type { CronacaFunction } from './functions.ts';
import type { Identity } from './identity.ts';

/** Environment of the function that manages API clients (adapters/identity/cognito-api-client-issuer.ts `apiClientIssuerEnv`). */
export const apiClientsEnv = {
  /** The user pool in which each API client is an app client. */
  userPoolId: 'USER_POOL_ID',
  /** The token endpoint shown to the admin with a new client's secret. */
  tokenUrl: 'API_CLIENT_TOKEN_URL',
} as const;

/**
 * What creating and revoking an API client takes in Cognito: its own app client (a secret,
 * client-credentials only, its role's scope), created and deleted at run time
 * (adapters/identity/cognito-api-client-issuer.ts). Nothing else of the pool: no user administration,
 * no pool settings, no other pool — and no `DescribeUserPoolClient`, which answers with the client's
 * secret and which nothing calls (the secret is shown once, from the create's answer).
 */
export const apiClientCognitoActions = ['cognito-idp:CreateUserPoolClient', 'cognito-idp:DeleteUserPoolClient'] as const;

export interface ApiClientsProps {
  readonly identity: Identity;
  readonly eventStore: EventStore;
  /** The integrations API: creates, lists and revokes API clients. */
  readonly manager: CronacaFunction;
  /**
   * Functions that turn a client-credentials token into an actor (functions/http/auth.ts `actorFrom`:
   * the grant by client id on every request, strongly consistent): every HTTP function behind the
   * authorizer.
   */
  readonly grantReaders: readonly CronacaFunction[];
}

/**
 * API clients (docs/api-clients.md): the manager creates each client's Cognito app client and writes
 * its grant (`$api-client#<clientId>`, a private item of the events table) in the commit of its
 * event; every authenticated HTTP function reads grants, and no function else touches them
 * (`EventStore.guardPrivateItems`).
 */
export class ApiClients extends Construct {
  constructor(scope: Construct, id: string, props: ApiClientsProps) {
    super(scope, id);
    const { identity, eventStore, manager } = props;
    Grant.addToPrincipal({ grantee: manager.function, actions: [...apiClientCognitoActions], resourceArns: [identity.userPool.userPoolArn] });
    manager.function.addEnvironment(apiClientsEnv.userPoolId, identity.userPool.userPoolId);
    manager.function.addEnvironment(apiClientsEnv.tokenUrl, identity.tokenUrl);
    eventStore.grantPrivateItems(manager.function, 'apiClientGrants', ['read', 'write']);
    // A new client's secret, kept for the day its creation's answer may be replayed: written with the client, read by a replay, erased on revocation.
    eventStore.grantPrivateItems(manager.function, 'apiClientSecrets', ['read', 'write']);
    for (const reader of props.grantReaders.filter((fn) => fn !== manager)) eventStore.grantPrivateItems(reader.function, 'apiClientGrants', ['read']);
  }
}
