import type {
  EncodingChoice,
  ImportEvent,
  ImportKind,
  ImportMode,
  ImportOptions,
  ImportOptionsInput,
  MatchField,
} from '../../events/imports/import-events.ts';
import type { Actor } from '../shared/actor.ts';
import type { DecisionContext, Decider, Recorded } from '../shared/decider.ts';
import { conflict, forbidden, invalid, notFound } from '../shared/errors.ts';

export type ImportStatus = 'uploaded' | 'validating' | 'running' | 'completed' | 'failed' | 'cancelled' | 'reverted';

export interface Checkpoint {
  /** The next line to read (1-based, physical lines of the file) and the byte it starts at. */
  readonly line: number;
  readonly byteOffset: number;
}

export interface ImportJob {
  readonly id: string;
  readonly kind: ImportKind;
  readonly mode: ImportMode;
  readonly matchOn: MatchField | null;
  readonly options: ImportOptions;
  readonly origin: 'upload' | 'paste' | 'drop';
  readonly sourceKey: string;
  readonly runAs: Pick<Actor, 'userId' | 'role' | 'groups'>;
  readonly status: ImportStatus;
  readonly requestedAt: string;
  /** When the job last moved (requested, validated, started, a chunk recorded). */
  readonly lastActivityAt: string;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly sizeBytes: number | null;
  /** How the file is read, once validated. */
  readonly format: {
    readonly encoding: string;
    /** Why that encoding (null: a job started before it was recorded). */
    readonly encodingChoice: EncodingChoice | null;
    readonly delimiter: string;
    readonly header: readonly string[];
  } | null;
  /** Where the next chunk starts; null until the header is read. */
  readonly checkpoint: Checkpoint | null;
  readonly chunks: number;
  /** `unchanged`: matched rows whose values the record already had (nothing appended to it). */
  readonly counts: {
    readonly processed: number;
    readonly created: number;
    readonly updated: number;
    readonly unchanged: number;
    readonly rejected: number;
  };
  readonly rowsTotal: number | null;
  readonly errorKeys: readonly string[];
  readonly failure: { readonly code: string; readonly reason: string } | null;
  readonly revertRequested: boolean;
  /**
   * The run that holds the job (its lease): only its commands move the job, until `until` passes —
   * then another run may take the job over from the checkpoint. Null until a worker claims it.
   */
  readonly run: RunLease | null;
}

export interface RunLease {
  readonly id: string;
  readonly until: string;
}

export type ImportJobState = ImportJob | null;

/**
 * A worker's commands name the run that sends them (`runId`): once a run holds the job, the commands
 * of any other run are refused (409), so two deliveries of one job never both import its rows.
 */
export type ImportJobCommand = ImportJobCommandOf & { readonly runId?: string };

type ImportJobCommandOf =
  | { type: 'ClaimRun'; data: { runId: string; until: string } }
  | { type: 'ReleaseRun'; data: { runId: string } }
  | {
      type: 'RequestImport';
      data: {
        jobId: string;
        kind: ImportKind;
        mode: ImportMode;
        matchOn?: MatchField | null;
        options?: ImportOptionsInput;
        origin: 'upload' | 'paste' | 'drop';
        sourceKey: string;
      };
    }
  | { type: 'StartValidation'; data: { sizeBytes: number } }
  | {
      type: 'StartImport';
      data: { encoding: string; encodingChoice: EncodingChoice; delimiter: string; header: readonly string[]; rowsTotal: number; dataStart: Checkpoint };
    }
  | {
      type: 'RecordProgress';
      data: {
        /** Where this chunk started: a chunk that does not continue from the checkpoint is a replay. */
        from: Checkpoint;
        next: Checkpoint;
        processed: number;
        created: number;
        updated: number;
        unchanged: number;
        rejected: number;
        createdIds: readonly string[];
        errorsKey: string | null;
      };
    }
  | { type: 'CompleteImport' }
  | { type: 'FailImport'; data: { code: string; reason: string } }
  | { type: 'CancelImport' }
  | { type: 'RequestRevert' }
  | { type: 'CompleteRevert'; data: { removed: number } };

/** Match fields each kind has: companies carry a code and VAT, contacts an e-mail, leads both. */
export const matchFieldsOf: Record<ImportKind, readonly MatchField[]> = {
  companies: ['code', 'vatNumber', 'email', 'name'],
  contacts: ['email', 'name'],
  leads: ['vatNumber', 'email', 'name'],
};

/** What identifies a duplicate when the request names nothing. */
export const defaultMatchOn: Record<ImportKind, MatchField> = { companies: 'vatNumber', contacts: 'email', leads: 'email' };

const terminal: readonly ImportStatus[] = ['completed', 'failed', 'cancelled', 'reverted'];
export const isTerminal = (job: ImportJob): boolean => terminal.includes(job.status);

/** The requester, managers and admins manage a job; a colleague may not cancel or revert it. */
export const canManageImport = (actor: Actor, job: { readonly runAs: Pick<Actor, 'userId'> }): boolean =>
  actor.role === 'admin' || actor.role === 'manager' || actor.userId === job.runAs.userId;

/**
 * Whether a job that is still running may go on. Rows written after its last checkpoint are told
 * apart from new ones by their idempotency records, which live `replayWindowMs`; once the job has
 * stood still longer, a rerun could create those rows again — so it must stop instead (the rest of
 * the file is imported again from the checkpoint's line, where the match fields find what exists).
 */
export const canResume = (job: ImportJob, now: string, replayWindowMs: number): boolean =>
  job.status !== 'running' || Date.parse(now) - Date.parse(job.lastActivityAt) <= replayWindowMs;

/** What `GET /v1/imports/{id}` shows as progress: rows done of the rows the validation counted. */
export const progressPercent = (job: ImportJob): number => {
  if (job.status === 'completed' || job.status === 'reverted') return 100;
  if (!job.rowsTotal) return 0;
  return Math.min(99, Math.floor((job.counts.processed / job.rowsTotal) * 100));
};

const recordedOptions = (input: ImportOptionsInput): ImportOptions => ({
  encoding: input.encoding ?? null,
  delimiter: input.delimiter ?? null,
  dateFormat: input.dateFormat ?? null,
  decimalComma: input.decimalComma ?? null,
  columns: Object.entries(input.columns ?? {}).map(([header, field]) => ({ header, field })),
});

/** The explicit column mapping as header -> field. */
export const explicitColumns = (options: ImportOptions): Record<string, string> =>
  Object.fromEntries(options.columns.map(({ header, field }) => [header, field]));

const existing = (state: ImportJobState): ImportJob => {
  if (state === null) throw notFound('import not found');
  return state;
};

export const decide = (command: ImportJobCommand, state: ImportJobState, context: DecisionContext): ImportEvent[] => {
  if (command.type === 'RequestImport') {
    if (state !== null) throw conflict('import already exists');
    const { jobId, kind, mode, origin, sourceKey } = command.data;
    const matchOn = command.data.matchOn ?? (mode === 'create' ? defaultMatchOn[kind] : null);
    if (matchOn === null) throw invalid('matchOn', `mode ${mode} needs the field that finds the existing record`);
    if (!matchFieldsOf[kind].includes(matchOn)) {
      throw invalid('matchOn', `${kind} can be matched on ${matchFieldsOf[kind].join(', ')}, not ${matchOn}`);
    }
    const { userId, role, groups } = context.actor;
    return [
      {
        type: 'ImportRequested',
        data: { jobId, kind, mode, matchOn, options: recordedOptions(command.data.options ?? {}), origin, sourceKey, runAs: { userId, role, groups: [...groups] } },
      },
    ];
  }
  const job = existing(state);
  const jobId = job.id;
  if (command.type === 'ClaimRun') return claimRun(job, command.data, context.now);
  if (command.type === 'ReleaseRun') {
    // A run that failed lets go at once, so its redelivered message runs without waiting for the lease.
    if (job.run?.id !== command.data.runId) return [];
    return [{ type: 'ImportRunReleased', data: { jobId, runId: command.data.runId } }];
  }
  const byWorker = ['StartValidation', 'StartImport', 'RecordProgress', 'CompleteImport', 'FailImport'].includes(command.type);
  if (byWorker && job.run !== null && command.runId !== job.run.id) throw conflict(`another run (${job.run.id}) holds this import`);
  switch (command.type) {
    case 'StartValidation':
      // A duplicated queue message for a job already under way changes nothing.
      if (job.status !== 'uploaded') return [];
      return [{ type: 'ImportValidationStarted', data: { jobId, sizeBytes: command.data.sizeBytes } }];
    case 'StartImport': {
      if (job.status === 'running') return [];
      if (job.status !== 'validating') throw conflict(`an import that is ${job.status} cannot start`);
      const { encoding, encodingChoice, delimiter, header, rowsTotal, dataStart } = command.data;
      return [
        {
          type: 'ImportStarted',
          data: { jobId, encoding, encodingChoice: { ...encodingChoice }, delimiter, header: [...header], rowsTotal, dataStart: { ...dataStart } },
        },
      ];
    }
    case 'RecordProgress': {
      // A chunk in flight when the job was cancelled still records what it created, so a revert
      // removes those records too; once a revert is asked for, the worker removes them itself.
      const inFlight = job.status === 'cancelled' && job.checkpoint !== null && !job.revertRequested;
      if (job.status !== 'running' && !inFlight) throw conflict(`an import that is ${job.status} records no progress`);
      const { from, next, ...counts } = command.data;
      // A chunk from an earlier checkpoint was already recorded (a retried or duplicated run).
      if (job.checkpoint && from.byteOffset !== job.checkpoint.byteOffset) return [];
      if (next.byteOffset < from.byteOffset || next.line < from.line) throw invalid('next', 'a checkpoint never moves back');
      return [
        {
          type: 'ImportProgressRecorded',
          data: { jobId, chunk: job.chunks + 1, next: { ...next }, ...counts, createdIds: [...counts.createdIds] },
        },
      ];
    }
    case 'CompleteImport':
      if (job.status === 'completed') return [];
      if (job.status !== 'running') throw conflict(`an import that is ${job.status} cannot complete`);
      return [{ type: 'ImportCompleted', data: { jobId, rowsTotal: job.counts.processed } }];
    case 'FailImport':
      if (job.status === 'failed') return [];
      if (isTerminal(job)) throw conflict(`an import that is ${job.status} cannot fail`);
      return [{ type: 'ImportFailed', data: { jobId, ...command.data } }];
    case 'CancelImport':
      if (!canManageImport(context.actor, job)) throw forbidden('only the requester, a manager or an admin cancels an import');
      if (job.status === 'cancelled') return [];
      if (isTerminal(job)) throw conflict(`an import that is ${job.status} cannot be cancelled`);
      return [{ type: 'ImportCancelled', data: { jobId } }];
    case 'RequestRevert':
      if (!canManageImport(context.actor, job)) throw forbidden('only the requester, a manager or an admin reverts an import');
      if (job.revertRequested) return [];
      if (!isTerminal(job)) throw conflict(`an import that is ${job.status} cannot be reverted: cancel it first`);
      return [{ type: 'ImportRevertRequested', data: { jobId, records: job.counts.created } }];
    case 'CompleteRevert':
      if (job.status === 'reverted') return [];
      if (!job.revertRequested) throw conflict('no revert was requested');
      return [{ type: 'ImportReverted', data: { jobId, removed: command.data.removed } }];
  }
};

/**
 * A run takes the job: when nobody holds it, when its holder's lease has run out (a crashed run's
 * job is taken over from its checkpoint), or to renew its own lease (a continuation message).
 */
const claimRun = (job: ImportJob, data: { runId: string; until: string }, now: string): ImportEvent[] => {
  if (isTerminal(job)) throw conflict(`an import that is ${job.status} runs no more`);
  const held = job.run !== null && job.run.id !== data.runId && Date.parse(now) < Date.parse(job.run.until);
  if (held) throw conflict(`another run (${job.run!.id}) holds this import until ${job.run!.until}`);
  if (Date.parse(data.until) <= Date.parse(now)) throw invalid('until', 'a lease ends after it is taken');
  return [{ type: 'ImportRunClaimed', data: { jobId: job.id, runId: data.runId, until: data.until } }];
};

export const evolve = (state: ImportJobState, event: Recorded<ImportEvent>): ImportJobState => {
  if (event.type === 'ImportRequested') {
    const { jobId, ...data } = event.data;
    return {
      id: jobId,
      ...data,
      status: 'uploaded',
      requestedAt: event.at,
      lastActivityAt: event.at,
      startedAt: null,
      endedAt: null,
      sizeBytes: null,
      format: null,
      checkpoint: null,
      chunks: 0,
      counts: { processed: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 },
      rowsTotal: null,
      errorKeys: [],
      failure: null,
      revertRequested: false,
      run: null,
    };
  }
  if (state === null) return state;
  switch (event.type) {
    case 'ImportRunClaimed':
      return { ...state, run: { id: event.data.runId, until: event.data.until } };
    case 'ImportRunReleased':
      return { ...state, run: null };
    case 'ImportValidationStarted':
      return { ...state, status: 'validating', startedAt: event.at, lastActivityAt: event.at, sizeBytes: event.data.sizeBytes };
    case 'ImportStarted':
      return {
        ...state,
        status: 'running',
        lastActivityAt: event.at,
        checkpoint: event.data.dataStart,
        rowsTotal: event.data.rowsTotal,
        format: { encoding: event.data.encoding, encodingChoice: event.data.encodingChoice, delimiter: event.data.delimiter, header: event.data.header },
      };
    case 'ImportProgressRecorded': {
      // The ids the chunk created stay in the event, where a revert reads them: folded into the
      // state they would make every command's load grow with the rows imported.
      const { processed, created, updated, unchanged, rejected } = event.data;
      return {
        ...state,
        checkpoint: event.data.next,
        lastActivityAt: event.at,
        chunks: event.data.chunk,
        counts: {
          processed: state.counts.processed + processed,
          created: state.counts.created + created,
          updated: state.counts.updated + updated,
          unchanged: state.counts.unchanged + unchanged,
          rejected: state.counts.rejected + rejected,
        },
        errorKeys: event.data.errorsKey ? [...state.errorKeys, event.data.errorsKey] : state.errorKeys,
      };
    }
    case 'ImportCompleted':
      return { ...state, status: 'completed', endedAt: event.at, rowsTotal: event.data.rowsTotal };
    case 'ImportFailed':
      return { ...state, status: 'failed', endedAt: event.at, failure: { code: event.data.code, reason: event.data.reason } };
    case 'ImportCancelled':
      return { ...state, status: 'cancelled', endedAt: event.at };
    case 'ImportRevertRequested':
      return { ...state, revertRequested: true };
    case 'ImportReverted':
      return { ...state, status: 'reverted' };
  }
};

export const importJobDecider: Decider<ImportJobCommand, ImportJobState, ImportEvent> = { initialState: null, decide, evolve };
