import { describe, expect, it } from 'vitest';
import type { OutboundHttp, OutboundResult } from '../../../application/ports/outbound-http.ts';
import { tracedOutboundHttp } from '../../../functions/shared/traced-outbound-http.ts';

/**
 * A subsegment per webhook attempt: named after the host, the origin only in its `http` data (never the
 * URL's path or query, which may carry the receiver's token), the outcome as an annotation, and the
 * fault/error/throttle flag X-Ray colours it by. A stand-in segment records what the tracer is given.
 */
interface Recorded {
  name: string;
  attributes: Record<string, unknown>;
  annotations: Record<string, unknown>;
  flags: string[];
  closed: boolean;
}

const fakeTracer = (enabled = true) => {
  const subsegments: Recorded[] = [];
  const segment = {
    addNewSubsegment: (name: string) => {
      const recorded: Recorded = { name, attributes: {}, annotations: {}, flags: [], closed: false };
      subsegments.push(recorded);
      return {
        addAttribute: (key: string, value: unknown) => void (recorded.attributes[key] = value),
        addAnnotation: (key: string, value: unknown) => void (recorded.annotations[key] = value),
        addFaultFlag: () => void recorded.flags.push('fault'),
        addErrorFlag: () => void recorded.flags.push('error'),
        addThrottleFlag: () => void recorded.flags.push('throttle'),
        addError: () => void recorded.flags.push('exception'),
        close: () => void (recorded.closed = true),
      };
    },
  };
  return { tracer: { isTracingEnabled: () => enabled, getSegment: () => segment } as never, subsegments };
};

const answering = (result: OutboundResult): OutboundHttp => ({ send: async () => result });
const request = { url: 'https://hooks.example.com:8443/in/T0K3N?sig=secret', method: 'POST' as const, headers: {}, body: '{}' };

describe('traced outbound HTTP', () => {
  it('a response: host, origin without path or query, status, outcome', async () => {
    const { tracer, subsegments } = fakeTracer();
    await tracedOutboundHttp(answering({ kind: 'response', status: 503, headers: {}, bodyPrefix: '', bodyTruncated: false, durationMs: 12 }), tracer).send(request);
    expect(subsegments).toEqual([
      {
        name: 'hooks.example.com',
        attributes: { namespace: 'remote', http: { request: { method: 'POST', url: 'https://hooks.example.com:8443' }, response: { status: 503 } } },
        annotations: { outcome: 'status-5xx' },
        flags: ['fault'],
        closed: true,
      },
    ]);
    expect(JSON.stringify(subsegments)).not.toMatch(/T0K3N|secret/);
  });

  it('429 is a throttle, 2xx delivered, a refusal an error', async () => {
    const { tracer, subsegments } = fakeTracer();
    await tracedOutboundHttp(answering({ kind: 'response', status: 429, headers: {}, bodyPrefix: '', bodyTruncated: false, durationMs: 1 }), tracer).send(request);
    await tracedOutboundHttp(answering({ kind: 'response', status: 204, headers: {}, bodyPrefix: '', bodyTruncated: false, durationMs: 1 }), tracer).send(request);
    await tracedOutboundHttp(answering({ kind: 'refused', reason: 'private-address', message: 'no' }), tracer).send(request);
    expect(subsegments.map((s) => [s.annotations['outcome'], s.flags])).toEqual([
      ['status-4xx', ['throttle']],
      ['delivered', []],
      ['refused-private-address', ['error']],
    ]);
  });

  it('records nothing when tracing is off', async () => {
    const { tracer, subsegments } = fakeTracer(false);
    const result = await tracedOutboundHttp(answering({ kind: 'failed', reason: 'timeout', message: 'late', durationMs: 10_000 }), tracer).send(request);
    expect(result.kind).toBe('failed');
    expect(subsegments).toEqual([]);
  });
});
