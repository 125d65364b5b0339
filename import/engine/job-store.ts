import type { EventStorePort } from '../../application/ports/event-store.ts';
import { importJobDecider, type ImportJob, type ImportJobCommand } from '../../domain/imports/import-job.ts';
import type { ImportEvent } from '../../events/imports/import-events.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { Decider, DomainEvent } from '../../domain/shared/decider.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { recorded } from '../../application/shared/recorded.ts';
import { runCommand, runDecision } from '../../application/shared/command-runner.ts';
import { jobLoader } from '../../application/shared/job-command.ts';

export { jobLoader } from '../../application/shared/job-command.ts';

import { importAggregate } from '../../application/imports/import-service.ts';

export { importAggregate } from '../../application/imports/import-service.ts';

export interface JobCommandContext {
  readonly now: () => string;
  readonly commandId: string;
  readonly correlationId: string;
  readonly newJob?: boolean;
  readonly idempotency?: { key: string; requestHash: string };
}

/**
 * A job's commands (imports, exports) run like every other command: load, decide, commit (with a
 * retry on a race); the result is the job after the command.
 */
export const jobCommandRunner =
  <C, J, E extends DomainEvent>(decider: Decider<C, J | null, E>, aggregateType: string) =>
  async (store: EventStorePort, actor: Actor, jobId: string, command: C, context: JobCommandContext): Promise<J> => {
    const outcome = await runCommand({
      store,
      decider,
      actor,
      aggregateType,
      aggregateId: jobId,
      command,
      ...(context.newJob ? { newAggregate: true } : {}),
      ...(context.idempotency ? { idempotency: context.idempotency } : {}),
      meta: { commandId: context.commandId, correlationId: context.correlationId },
      now: context.now,
      // The job itself (plain data): what a retry under the same idempotency key gets back.
      result: ({ state }): J => {
        if (state === null) throw notFound(`${aggregateType} not found`);
        return state;
      },
    });
    return outcome.result;
  };

export const runJobCommand = jobCommandRunner(importJobDecider, importAggregate);

const loadImport = jobLoader(importJobDecider, importAggregate);

/** A job and the version of the stream it was folded from, in one read (a view's `version` is the job's). */
export const loadJobAt = (store: EventStorePort, tenant: string, jobId: string): Promise<{ job: ImportJob | null; version: number }> => loadImport(store, tenant, jobId);

export const loadJob = async (store: EventStorePort, tenant: string, jobId: string): Promise<ImportJob | null> => (await loadImport(store, tenant, jobId)).job;

/**
 * An import job as the worker running it holds it: the state and the version it is at. A command
 * reads only what was appended since (usually nothing; a cancel or a second worker otherwise),
 * decides, and commits at that version — so a checkpoint costs one empty read, not a reload of the
 * stream, whose progress events carry every id the job created (3 MB at 100,000 rows).
 */
export class ImportJobSession {
  readonly #store: EventStorePort;
  readonly #tenant: string;
  readonly #jobId: string;
  #job: ImportJob | null;
  #version: number;

  private constructor(store: EventStorePort, tenant: string, jobId: string, loaded: { job: ImportJob | null; version: number }) {
    this.#store = store;
    this.#tenant = tenant;
    this.#jobId = jobId;
    this.#job = loaded.job;
    this.#version = loaded.version;
  }

  static async open(store: EventStorePort, tenant: string, jobId: string): Promise<ImportJobSession> {
    return new ImportJobSession(store, tenant, jobId, await loadImport(store, tenant, jobId));
  }

  get job(): ImportJob | null {
    return this.#job;
  }

  /** Runs one command as `actor`; a lost race is decided again on the events that won it. */
  async run(actor: Actor, command: ImportJobCommand, context: Pick<JobCommandContext, 'now' | 'commandId' | 'correlationId'>): Promise<ImportJob> {
    let decided = { job: this.#job, version: this.#version };
    await runDecision({
      store: this.#store,
      tenant: this.#tenant,
      meta: { actor: actor.userId, commandId: context.commandId, correlationId: context.correlationId },
      now: context.now,
      decide: async (at) => {
        await this.#catchUp();
        const events = importJobDecider.decide(command, this.#job, { actor, now: at });
        const job = events.reduce<ImportJob | null>((state, event) => importJobDecider.evolve(state, { ...event, at, actor: actor.userId }), this.#job);
        decided = { job, version: this.#version + events.length };
        return {
          streams: [{ aggregateType: importAggregate, aggregateId: this.#jobId, expectedVersion: this.#version, events }],
          result: null,
        };
      },
    });
    this.#job = decided.job;
    this.#version = decided.version;
    if (this.#job === null) throw notFound('import not found');
    return this.#job;
  }

  async #catchUp(): Promise<void> {
    for await (const page of this.#store.pages(this.#tenant, importAggregate, this.#jobId, { afterVersion: this.#version })) {
      for (const event of page) {
        this.#job = importJobDecider.evolve(this.#job, recorded<ImportEvent>(event));
        this.#version = event.version;
      }
    }
  }
}

/** The ids of the records a job created, in the order it created them, a page of its stream at a time. */
export async function* createdRecords(store: EventStorePort, tenant: string, jobId: string): AsyncGenerator<string> {
  for await (const page of store.pages(tenant, importAggregate, jobId)) {
    for (const event of page) {
      const e = recorded<ImportEvent>(event);
      if (e.type === 'ImportProgressRecorded') yield* e.data.createdIds;
    }
  }
}

/** Who a job's rows are imported as. */
export const actorOf = (tenant: string, job: ImportJob): Actor => ({ tenant, ...job.runAs });
