/**
 * A result shown once with a secret in it (a webhook signing secret, an API client secret), as its
 * idempotency record keeps it: the secret's field holds a reference to the private item that keeps the
 * secret instead (command-runner.ts `Decision.storedResult`). The idempotency record is readable by
 * every function with access to the events table; a private item's key only by the function that owns
 * it (IAM, infra/constructs/event-store.ts) — the rebuild worker's Scan and the table stream's readers
 * aside, which cannot be limited by key (docs/webhooks.md "Infrastructure").
 */
export type Concealed<R, K extends keyof R, Ref> = { readonly [P in keyof R]: P extends K ? Ref : R[P] };

/** The result with its secret replaced by `reference`, in the same place: a replay renders the keys in the same order. */
export const conceal = <R extends object, K extends keyof R, Ref>(result: R, field: K, reference: Ref): Concealed<R, K, Ref> =>
  ({ ...result, [field]: reference }) as Concealed<R, K, Ref>;

/** The stored result with the secret read back in its place (the key order of the first answer kept). */
export const revealed = <R extends object, K extends keyof R, Ref>(stored: Concealed<R, K, Ref>, field: K, secret: R[K]): R =>
  ({ ...stored, [field]: secret }) as R;
