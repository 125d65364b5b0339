import type { CustomerRequest } from '../../domain/requests/request.ts';

/** A customer request as its readers see it (contract/http/requests.ts `RequestView`), at its version. */
export const requestView = (request: CustomerRequest, version: number) => {
  const { details, ...rest } = request;
  return { ...rest, ...details, version };
};

export type RequestView = ReturnType<typeof requestView>;
