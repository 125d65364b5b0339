import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { vi } from 'vitest';

/**
 * A webhook receiver on 127.0.0.1 for the e2e tests: every request is verified with the
 * `standardwebhooks` package (`Webhook.verify`, the receivers' own check) against the endpoint's
 * secret, at the sender's (test) clock — the package refuses timestamps 5 minutes away from its clock.
 * Each path answers from a script (then 200): a status, a status with Retry-After, or no answer in time.
 */
export type Answer = { readonly status: number; readonly retryAfter?: string } | { readonly hang: true };

export interface ReceivedWebhook {
  readonly path: string;
  readonly id: string;
  readonly timestamp: number;
  readonly payload: { type: string; data: { eventId: string; record: { type: string; id: string; version: number }; event: unknown } };
  readonly answered: number | 'hang';
}

export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedWebhook[];
  /** Requests that failed verification (none expected). */
  readonly unverified: string[];
  secret(path: string, secret: string): void;
  script(path: string, answers: readonly Answer[]): void;
  close(): Promise<void>;
}

const header = (headers: IncomingHttpHeaders, name: string): string => String(headers[name] ?? '');

export const startWebhookReceiver = async (clockMs: () => number): Promise<WebhookReceiver> => {
  const secrets = new Map<string, string>();
  const scripts = new Map<string, Answer[]>();
  const received: ReceivedWebhook[] = [];
  const unverified: string[] = [];
  const hanging = new Set<() => void>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = { 'webhook-id': header(request.headers, 'webhook-id'), 'webhook-timestamp': header(request.headers, 'webhook-timestamp'), 'webhook-signature': header(request.headers, 'webhook-signature') };
      let payload: ReceivedWebhook['payload'] | undefined;
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(clockMs());
      try {
        payload = new Webhook(secrets.get(path) ?? 'whsec_unknown').verify(body, headers) as ReceivedWebhook['payload'];
      } catch (error) {
        unverified.push(`${path}: ${(error as Error).message}`);
      } finally {
        vi.useRealTimers();
      }
      const answer = scripts.get(path)?.shift() ?? { status: 200 };
      if (payload) received.push({ path, id: headers['webhook-id'], timestamp: Number(headers['webhook-timestamp']), payload, answered: 'hang' in answer ? 'hang' : answer.status });
      if ('hang' in answer) {
        // No answer: the sender's timeout ends it; closed here at the end of the test.
        hanging.add(() => response.destroy());
        return;
      }
      response.writeHead(answer.status, { 'content-type': 'text/plain', ...(answer.retryAfter ? { 'retry-after': answer.retryAfter } : {}) });
      response.end(`answered ${answer.status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    unverified,
    secret: (path, secret) => void secrets.set(path, secret),
    script: (path, answers) => void scripts.set(path, [...answers]),
    close: async () => {
      hanging.forEach((end) => end());
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
