import { badRequest } from '../shared/problem.ts';

/** A host name or IP literal with an optional port: what a Host header may carry, nothing else. */
const hostPattern = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)(:\d{1,5})?$/;

/** Hosts only this machine reaches (the local stack): plain http, as nothing there speaks TLS. */
const isLoopback = (hostname: string): boolean =>
  hostname === 'localhost' || hostname.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(hostname) || hostname === '[::1]';

/**
 * `https://<host>` of the API as the caller reached it, for URLs a client keeps (a calendar feed):
 * API Gateway's `requestContext.domainName` (its own or the custom domain), else the Host header;
 * `http://` for a loopback host. A host that is no host name is the caller's malformed header.
 */
export const requestOrigin = (host: string | undefined): string => {
  if (!host || !hostPattern.test(host)) throw badRequest('the Host header is not a host name', [{ path: 'header.host', message: 'must be a host name, optionally with a port' }]);
  const hostname = host.replace(/:\d{1,5}$/, '').toLowerCase();
  return `${isLoopback(hostname) ? 'http' : 'https'}://${host.toLowerCase()}`;
};
