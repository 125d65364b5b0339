import type { Actor } from '../../domain/shared/actor.ts';
import type { Decider, DomainEvent } from '../../domain/shared/decider.ts';
import type { EventStorePort } from '../ports/event-store.ts';
import { runCommand } from '../shared/command-runner.ts';
import { DomainError } from '../shared/errors.ts';

type Keys<S> = (state: S) => readonly { scope: string; value: string }[];

/** Which record an import's revert takes back, and how (its removal command, keys released with it). */
export interface ImportedRecord<C, S, E extends DomainEvent> {
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly decider: Decider<C, S, E>;
  readonly command: C;
  readonly uniqueKeys?: Keys<S>;
  readonly lookupKeys?: Keys<S>;
}

/**
 * Removes a record an import job created (a compensation: `…Removed`, reason `import_reverted`)
 * through `runCommand`, so unique values (VAT) and lookup items are released in the same commit. The
 * job removes what it created whoever may see it now; `commandId` is the revert's own (also its
 * correlation id). A record already gone is `absent`.
 */
export const removeImported = async <C, S, E extends DomainEvent>(
  runtime: () => { readonly eventStore: EventStorePort; readonly now: () => string },
  actor: Actor,
  commandId: string,
  record: ImportedRecord<C, S, E>,
): Promise<'removed' | 'absent'> => {
  const { eventStore, now } = runtime();
  try {
    await runCommand({
      store: eventStore,
      decider: record.decider,
      actor,
      aggregateType: record.aggregateType,
      aggregateId: record.aggregateId,
      command: record.command,
      ...(record.uniqueKeys ? { uniqueKeys: record.uniqueKeys } : {}),
      ...(record.lookupKeys ? { lookupKeys: record.lookupKeys } : {}),
      visible: (state: S) => state !== null,
      meta: { commandId, correlationId: commandId },
      now,
      result: () => null,
    });
    return 'removed';
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'not_found') return 'absent';
    throw error;
  }
};
