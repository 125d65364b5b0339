/**
 * The one place the adapters' AWS SDK clients pass through when they are built: the deployed
 * functions register X-Ray's client capture here (functions/shared/observability.ts, at import, before
 * any client exists: every client is built on first use), so each DynamoDB, S3, SQS, EventBridge,
 * SES and Cognito call is a subsegment — without adapters/ depending on a tracing library. Tests and
 * the local cloud register nothing: the clients are used as built.
 */
export type ClientInstrumentation = <C extends object>(client: C) => C;

let instrumentation: ClientInstrumentation = (client) => client;

export const instrumentAwsClients = (instrument: ClientInstrumentation): void => {
  instrumentation = instrument;
};

/** `client`, as the registered instrumentation returns it (unchanged when none is registered). */
export const awsClient = <C extends object>(client: C): C => instrumentation(client);
