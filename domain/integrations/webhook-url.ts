import { invalid } from '../shared/errors.ts';
import { classifyAddress } from './ip-address.ts';

/**
 * The syntax rules of a webhook URL, checked when an endpoint is saved: here only what the text says,
 * a literal host judged by the one address classifier (ip-address.ts). What a name resolves to is the
 * outbound HTTP adapter's check with that same classifier, at every attempt (docs/outbound-http.md).
 */
export interface WebhookUrlRules {
  /** The local cloud: plain http is allowed, to loopback only (a receiver on this machine). */
  readonly local: boolean;
}

export const maxWebhookUrlLength = 2048;

const loopbackNames = (host: string): boolean => host === 'localhost' || host.endsWith('.localhost');

/** The URL as it will be stored (WHATWG-normalised), or a refusal naming `path`. */
export const webhookUrl = (path: string, text: string, rules: WebhookUrlRules): string => {
  const trimmed = text.trim();
  if (trimmed === '') throw invalid(path, 'must not be blank');
  if (trimmed.length > maxWebhookUrlLength) throw invalid(path, `must be at most ${maxWebhookUrlLength} characters`);
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw invalid(path, 'must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(path, 'must be an https URL');
  // Credentials in the URL would be shown in the endpoint list and the delivery log.
  if (url.username !== '' || url.password !== '') throw invalid(path, 'must not contain a user name or password');
  if (url.hash !== '') throw invalid(path, 'must not contain a fragment');
  const host = url.hostname.toLowerCase();
  if (host === '') throw invalid(path, 'must name a host');
  const literal = classifyAddress(host);
  const loopback = literal === 'loopback' || (literal === 'invalid' && loopbackNames(host));
  if (url.protocol === 'http:' && !(rules.local && loopback)) {
    throw invalid(path, rules.local ? 'must be an https URL (http only to localhost)' : 'must be an https URL');
  }
  if (loopback && !rules.local) throw invalid(path, 'must not point to this machine (loopback)');
  if (literal !== 'invalid' && literal !== 'public' && literal !== 'loopback') {
    throw invalid(path, `must not point to a ${literal} address`);
  }
  return url.href;
};
