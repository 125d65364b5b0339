import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export const json = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 & { headers: Record<string, string>; body: string; statusCode: number } => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

/** Aggregate versions travel as strong ETags: `"7"`. */
export const etag = (version: number): string => `"${version}"`;

/** `If-Match: "7"` (or W/"7") -> 7; absent -> undefined; anything else is a client error. */
export const parseIfMatch = (header: string | undefined): number | undefined | 'invalid' => {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(header);
  return match ? Number(match[1]) : 'invalid';
};
