/**
 * Token claims as the functions receive them from an authorizer: every value a string, arrays as
 * "[a b]" — how API Gateway's JWT authorizer renders them — so `actorFrom` (auth.ts) reads one shape
 * whether the claims came from the Lambda authorizer's context (`requestContext.authorizer.lambda`),
 * the JWT authorizer (`requestContext.authorizer.jwt.claims`) or the local server (the latter shape).
 */
export type ClaimStrings = Record<string, string>;

export const claimStrings = (claims: Readonly<Record<string, unknown>>): ClaimStrings =>
  Object.fromEntries(
    Object.entries(claims)
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([key, value]) => [key, Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'object' ? JSON.stringify(value) : String(value)]),
  );
