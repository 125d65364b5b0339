import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { OutboundHttp, OutboundResult } from '../../application/ports/outbound-http.ts';

/**
 * An X-Ray subsegment per outbound request (a webhook attempt) around any OutboundHttp. The SSRF-safe
 * client (adapters/http/safe-http-client.ts) speaks node:https to a pinned address, which Powertools'
 * automatic capture does not see (and should not: it would record the full URL).
 *
 * The subsegment is named after the host and records the origin only (scheme, host, port): a webhook
 * URL's path or query may hold its receiver's token, and never reaches the trace. The outcome is an
 * annotation (searchable: `annotation.outcome = "failed"`); 5xx and failures are faults, 429 a
 * throttle, other 4xx and refusals errors — the X-Ray service map colours them so.
 */
export const tracedOutboundHttp = (http: OutboundHttp, tracer: Pick<Tracer, 'getSegment' | 'isTracingEnabled'>): OutboundHttp => ({
  send: async (request) => {
    const parent = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
    if (!parent) return http.send(request);
    let origin: URL | null = null;
    try {
      origin = new URL(request.url);
    } catch {
      // The client refuses it; the subsegment is named generically.
    }
    const subsegment = parent.addNewSubsegment(origin?.hostname || 'outbound-http');
    subsegment.addAttribute('namespace', 'remote');
    try {
      const result = await http.send(request);
      annotate(subsegment, result, request.method, origin ? `${origin.protocol}//${origin.host}` : null);
      return result;
    } catch (error) {
      subsegment.addError(error as Error);
      throw error;
    } finally {
      subsegment.close();
    }
  },
});

type Subsegment = ReturnType<NonNullable<ReturnType<Tracer['getSegment']>>['addNewSubsegment']>;

const annotate = (subsegment: Subsegment, result: OutboundResult, method: string, origin: string | null): void => {
  if (result.kind === 'response') {
    subsegment.addAnnotation('outcome', result.status < 300 ? 'delivered' : `status-${Math.floor(result.status / 100)}xx`);
    subsegment.addAttribute('http', { request: { method, ...(origin ? { url: origin } : {}) }, response: { status: result.status } });
    if (result.status === 429) subsegment.addThrottleFlag();
    else if (result.status >= 500) subsegment.addFaultFlag();
    else if (result.status >= 400) subsegment.addErrorFlag();
    return;
  }
  subsegment.addAnnotation('outcome', `${result.kind}-${result.reason}`);
  if (result.kind === 'failed') subsegment.addFaultFlag();
  else subsegment.addErrorFlag();
};
