import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { BusinessMetrics, CommandOutcomeLabel, ImportRowCounts, WebhookDeliveryOutcome } from '../../application/ports/business-metrics.ts';

type Unit = (typeof MetricUnit)[keyof typeof MetricUnit];

/** One metric under one combination of dimensions: a count summed, or values kept for percentiles. */
interface Series {
  readonly name: string;
  readonly unit: Unit;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly values: number[];
  readonly sum: boolean;
}

/** EMF holds at most 100 values of a metric per document (Powertools' MAX_METRIC_VALUES_SIZE). */
const valuesPerDocument = 100;

/**
 * The BusinessMetrics port on Powertools Metrics (CloudWatch EMF in the function's log; no API call).
 *
 * An EMF document has ONE set of dimensions for all its metrics, so what an invocation records is
 * gathered here by (metric, dimensions) and written at its end (`flush`, by the observability
 * middleware): one document per series, counts summed (an import of 10 000 rows is a handful of
 * lines, not 10 000), lags kept as values so CloudWatch computes their percentiles. The service (the
 * function, POWERTOOLS_SERVICE_NAME) is the instance's default dimension on every series.
 */
export class EmfBusinessMetrics implements BusinessMetrics {
  readonly #metrics: Metrics;
  readonly #series = new Map<string, Series>();

  constructor(metrics: Metrics) {
    this.#metrics = metrics;
  }

  #record(name: string, unit: Unit, dimensions: Record<string, string>, value: number, sum: boolean): void {
    if (!Number.isFinite(value)) return;
    const key = JSON.stringify([name, dimensions]);
    const series = this.#series.get(key);
    if (!series) this.#series.set(key, { name, unit, dimensions, values: [value], sum });
    else if (sum) series.values[0]! += value;
    else series.values.push(value);
  }

  command(type: string, outcome: CommandOutcomeLabel): void {
    this.#record('Commands', MetricUnit.Count, { command: type, outcome }, 1, true);
  }

  importChunk(rows: ImportRowCounts, durationMs: number): void {
    let total = 0;
    for (const outcome of ['created', 'updated', 'unchanged', 'rejected'] as const) {
      if (rows[outcome] > 0) this.#record('ImportRows', MetricUnit.Count, { outcome }, rows[outcome], true);
      total += rows[outcome];
    }
    if (total > 0 && durationMs > 0) this.#record('ImportRowsPerSecond', MetricUnit.CountPerSecond, {}, total / (durationMs / 1000), false);
  }

  mailsSent(kind: 'reminder' | 'digest', count: number): void {
    if (count > 0) this.#record('MailsSent', MetricUnit.Count, { kind }, count, true);
  }

  webhookDelivery(outcome: WebhookDeliveryOutcome): void {
    this.#record('WebhookDeliveries', MetricUnit.Count, { outcome }, 1, true);
  }

  projectionLag(milliseconds: number): void {
    this.#record('ProjectionLag', MetricUnit.Milliseconds, {}, Math.max(0, milliseconds), false);
  }

  /** Writes what was recorded since the last flush, one EMF document per series (per 100 values). */
  flush(): void {
    const series = [...this.#series.values()];
    this.#series.clear();
    for (const { name, unit, dimensions, values } of series) {
      for (let from = 0; from < values.length; from += valuesPerDocument) {
        // addDimension, not addDimensions: the latter adds a second dimension set, i.e. a second billed series.
        for (const [dimension, value] of Object.entries(dimensions)) this.#metrics.addDimension(dimension, value);
        for (const value of values.slice(from, from + valuesPerDocument)) this.#metrics.addMetric(name, unit, value);
        // The 100th value of a metric makes Powertools publish at once (dimensions included): nothing left then.
        if (this.#metrics.hasStoredMetrics()) this.#metrics.publishStoredMetrics();
      }
    }
  }
}
