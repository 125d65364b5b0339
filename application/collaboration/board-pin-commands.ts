import { boardMessageDecider, type BoardMessageCommand, type BoardMessageState } from '../../domain/collaboration/board-message.ts';
import { boardPinDecider, boardPinStream, type BoardPin } from '../../domain/collaboration/board-pin.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { StreamAppend } from '../ports/event-store.ts';
import type { CommandContext, CommandOptions, CommandOutcome } from '../shared/command-context.ts';
import { runDecision } from '../shared/command-runner.ts';
import { StaleVersionError, notFound } from '../shared/errors.ts';
import type { RecordResult } from '../shared/record-command.ts';
import { recorded } from '../shared/recorded.ts';
import { boardMessageView, type BoardMessageView } from './board-message-view.ts';

export const boardMessageType = 'board-message';

type Outcome = Promise<CommandOutcome<RecordResult<BoardMessageView>>>;

/**
 * The commands that move the pin — pin, unpin, and withdrawing a pinned message — decided over up to
 * three streams and committed as ONE transaction: the message's, the previously pinned message's
 * (unpinned in the same commit) and the tenant's pin singleton (domain/collaboration/board-pin.ts),
 * which every pin change appends to, so that two concurrent pins conflict and at most one message is
 * ever pinned. The previously pinned message is found on the log (the singleton), not in a read model.
 */
export const boardPinCommands = (dependencies: ApplicationDependencySource) => {
  const run = (context: CommandContext, messageId: string, command: 'pin' | 'unpin' | 'withdraw', options: CommandOptions): Outcome => {
    const { eventStore, newId, now, metrics } = dependencies();
    const { actor } = context;
    const tenant = actor.tenant;
    const load = async (id: string) => {
      const stream = await eventStore.load(tenant, boardMessageType, id);
      const state = stream.events.reduce((s, e) => boardMessageDecider.evolve(s, recorded(e)), boardMessageDecider.initialState as BoardMessageState);
      return { state, version: stream.version };
    };
    return runDecision({
      store: eventStore,
      tenant,
      ...(metrics ? { metrics, commandType: () => `${command}-board-message` } : {}),
      pinned: options.expectedVersion !== undefined,
      ...(options.idempotency ? { idempotency: options.idempotency } : {}),
      meta: { actor: actor.userId, commandId: newId(), correlationId: context.correlationId, ...(context.requestId ? { requestId: context.requestId } : {}) },
      now,
      decide: async (at) => {
        const [message, pinStream] = await Promise.all([load(messageId), eventStore.load(tenant, boardPinStream.aggregateType, boardPinStream.aggregateId)]);
        // Every user of the tenant sees the board; another tenant's message is simply not in this tenant's log.
        if (message.state === null) throw notFound('board message not found');
        if (options.expectedVersion !== undefined && options.expectedVersion !== message.version) {
          throw new StaleVersionError(`the record is at version ${message.version}, not ${options.expectedVersion}`);
        }
        const pin = pinStream.events.reduce((s, e) => boardPinDecider.evolve(s, recorded(e)), boardPinDecider.initialState as BoardPin);
        const decision = { actor, now: at };
        const previousId = command === 'pin' && pin.messageId !== null && pin.messageId !== messageId ? pin.messageId : null;
        const messageCommand: BoardMessageCommand =
          command === 'pin'
            ? { type: 'PinBoardMessage', data: { replaces: previousId } }
            : command === 'unpin'
              ? { type: 'UnpinBoardMessage', data: { replacedBy: null } }
              : { type: 'WithdrawBoardMessage', data: {} };
        const events = boardMessageDecider.decide(messageCommand, message.state, decision);
        const streams: StreamAppend[] = [{ aggregateType: boardMessageType, aggregateId: messageId, expectedVersion: message.version, events }];
        if (previousId !== null && events.length > 0) {
          const previous = await load(previousId);
          const unpin = boardMessageDecider.decide({ type: 'UnpinBoardMessage', data: { replacedBy: messageId } }, previous.state, decision);
          streams.push({ aggregateType: boardMessageType, aggregateId: previousId, expectedVersion: previous.version, events: unpin });
        }
        const pinnedAfter = events.reduce<BoardMessageState>((s, e) => boardMessageDecider.evolve(s, { ...e, at, actor: actor.userId }), message.state)!;
        // The singleton follows the message: pinned now -> it; no longer pinned while the singleton named it -> none.
        const target = pinnedAfter.pinned ? messageId : pin.messageId === messageId ? null : pin.messageId;
        const pinEvents = events.length > 0 ? boardPinDecider.decide({ type: 'MovePin', data: { messageId: target } }, pin, decision) : [];
        streams.push({ ...boardPinStream, expectedVersion: pinStream.version, events: pinEvents });
        const version = message.version + events.length;
        return { streams, result: { id: messageId, version, created: false, record: boardMessageView(pinnedAfter, version) } };
      },
    });
  };

  return {
    pin: (context: CommandContext, messageId: string, options: CommandOptions = {}) => run(context, messageId, 'pin', options),
    unpin: (context: CommandContext, messageId: string, options: CommandOptions = {}) => run(context, messageId, 'unpin', options),
    withdraw: (context: CommandContext, messageId: string, options: CommandOptions = {}) => run(context, messageId, 'withdraw', options),
  };
};
