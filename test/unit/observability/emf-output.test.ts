import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EmfBusinessMetrics } from '../../../functions/shared/business-metrics.ts';

/**
 * The real EMF output of the business metrics (the suite runs with POWERTOOLS_METRICS_DISABLED=true,
 * vitest.config.ts; this instance is made with it off): what CloudWatch turns into metrics is the
 * JSON line on stdout, so the test reads that line back.
 */
interface Emf {
  readonly _aws: { readonly CloudWatchMetrics: readonly { readonly Namespace: string; readonly Dimensions: readonly string[][]; readonly Metrics: readonly { Name: string; Unit: string }[] }[] };
  readonly [key: string]: unknown;
}

const emitted = (run: () => void): Emf[] => {
  const lines: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    run();
  } finally {
    write.mockRestore();
  }
  return lines.flatMap((chunk) => chunk.split('\n')).filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Emf);
};

const enabledMetrics = () => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  return new Metrics({ namespace: 'Cronaca', serviceName: 'cronaca-directory-api' });
};

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('business metrics as CloudWatch EMF', () => {
  it('counts commands by type and outcome, one document per series, the service a dimension of each', () => {
    const business = new EmfBusinessMetrics(enabledMetrics());
    business.command('CreateCompany', 'accepted');
    business.command('CreateCompany', 'accepted');
    business.command('CreateCompany', 'conflict');
    const documents = emitted(() => business.flush());

    expect(documents).toHaveLength(2);
    for (const document of documents) {
      const [directive] = document._aws.CloudWatchMetrics;
      expect(directive!.Namespace).toBe('Cronaca');
      // One dimension set, no tenant or record id in it.
      expect(directive!.Dimensions).toEqual([['service', 'command', 'outcome']]);
      expect(directive!.Metrics).toEqual([{ Name: 'Commands', Unit: 'Count' }]);
      expect(document['service']).toBe('cronaca-directory-api');
      expect(document['command']).toBe('CreateCompany');
    }
    expect(documents.map((d) => [d['outcome'], d['Commands']])).toEqual([
      ['accepted', 2],
      ['conflict', 1],
    ]);
  });

  it('keeps lag values for percentiles, at most 100 per document, and flushes each once', () => {
    const business = new EmfBusinessMetrics(enabledMetrics());
    for (let i = 0; i < 150; i += 1) business.projectionLag(1000 + i);
    const documents = emitted(() => business.flush());

    expect(documents).toHaveLength(2);
    expect(documents[0]!._aws.CloudWatchMetrics[0]!.Metrics).toEqual([{ Name: 'ProjectionLag', Unit: 'Milliseconds' }]);
    expect(documents[0]!._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service']]);
    expect((documents[0]!['ProjectionLag'] as number[]).length).toBe(100);
    expect((documents[1]!['ProjectionLag'] as number[]).length).toBe(50);
    expect(emitted(() => business.flush())).toEqual([]);
  });

  it('import chunks: rows by outcome and a rate; webhook deliveries and mails by their label', () => {
    const business = new EmfBusinessMetrics(enabledMetrics());
    business.importChunk({ created: 400, updated: 50, unchanged: 0, rejected: 50 }, 2000);
    business.webhookDelivery('delivered');
    business.mailsSent('reminder', 3);
    business.mailsSent('digest', 0);
    const documents = emitted(() => business.flush());

    const values = documents.map((d) => {
      const name = d._aws.CloudWatchMetrics[0]!.Metrics[0]!.Name;
      return [name, d['outcome'] ?? d['kind'] ?? null, d[name]];
    });
    expect(values).toEqual([
      ['ImportRows', 'created', 400],
      ['ImportRows', 'updated', 50],
      ['ImportRows', 'rejected', 50],
      ['ImportRowsPerSecond', null, 250],
      ['WebhookDeliveries', 'delivered', 1],
      ['MailsSent', 'reminder', 3],
    ]);
  });

  it('writes nothing when metrics are disabled (the local cloud, the rest of the suite)', () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    const business = new EmfBusinessMetrics(new Metrics({ namespace: 'Cronaca', serviceName: 'cronaca-test' }));
    business.command('CreateCompany', 'accepted');
    expect(emitted(() => business.flush())).toEqual([]);
  });
});
