/**
 * The env variable the HTTP functions read their CORS origins from (functions/http/http-function.ts,
 * comma-separated; `*` when unset, as in `npm start`).
 */
export const corsOriginsEnv = 'CORS_ORIGINS';

const origin = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i;

/**
 * The browser origins of a stage: the API's CORS, the HTTP functions' `CORS_ORIGINS` and the drop
 * bucket's CORS (presigned uploads and downloads) all use this one list. A prod-like stage must be
 * given its origins — `*` would let any web page call the API with a user's token it got hold of and
 * read the answer — and synthesis fails without them. Other stages default to `*`.
 */
export const corsOriginsFor = (stage: string, prodLike: boolean, given: readonly string[] | undefined): readonly string[] => {
  const origins = (given ?? []).map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (origins.length === 0) {
    if (!prodLike) return ['*'];
    throw new Error(
      `stage '${stage}' is prod-like: give it the browser origins of the web app (stack prop corsOrigins, or -c corsOrigins=https://crm.example.com[,https://…]); '*' is not allowed`,
    );
  }
  if (prodLike) {
    for (const entry of origins) {
      if (entry === '*') throw new Error(`stage '${stage}' is prod-like: corsOrigins may not contain '*' (name the web app's origins)`);
      if (!origin.test(entry) || !entry.startsWith('https://')) {
        throw new Error(`stage '${stage}' is prod-like: corsOrigins entry '${entry}' is not an https origin (scheme://host[:port], no path)`);
      }
    }
  } else {
    for (const entry of origins) if (entry !== '*' && !origin.test(entry)) throw new Error(`corsOrigins entry '${entry}' is not an origin (scheme://host[:port], no path)`);
  }
  return origins;
};
