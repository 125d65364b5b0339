/**
 * Verifies a bearer token's signature, issuer and expiry; resolves to its claims or rejects. The
 * deployed one is Cognito's (adapters/identity/cognito-token-verifier.ts); the Lambda authorizer
 * (functions/http/authorizer.ts) decides which kinds of token it accepts.
 */
export interface TokenVerifier {
  verify(token: string): Promise<Readonly<Record<string, unknown>>>;
}
