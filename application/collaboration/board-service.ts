import { boardMessageDecider, type BoardMessage } from '../../domain/collaboration/board-message.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { CommandContext, CommandOptions, CommandOutcome } from '../shared/command-context.ts';
import { invalid } from '../shared/errors.ts';
import { recordCommand, type RecordResult } from '../shared/record-command.ts';
import { historyOf, loadAsOf, type RecordReader } from '../shared/record-reads.ts';
import { boardMessageView, type BoardMessageView } from './board-message-view.ts';
import { boardMessageType, boardPinCommands } from './board-pin-commands.ts';
import { mentionedUsers } from './mention-resolution.ts';

/** Every user of the tenant reads the whole board (Talete's "Bacheca"), restricted users included. */
const everyone = (): boolean => true;

export const boardMessageReader: RecordReader<BoardMessage> = {
  aggregateType: boardMessageType,
  decider: boardMessageDecider as RecordReader<BoardMessage>['decider'],
  canSee: everyone,
  label: 'board message',
};

/** `PATCH /v1/board/messages/{id}`: a new body, or `withdrawn: true` — one of them. */
export interface EditBoardMessageInput {
  readonly body?: string | undefined;
  readonly withdrawn?: true | undefined;
}

type Outcome = Promise<CommandOutcome<RecordResult<BoardMessageView>>>;

/**
 * The board's commands and reads (API.md "Collaboration and dashboard"). Posting and editing find the
 * body's `@<userId>` mentions among the tenant's active users on the log and record them on the event,
 * for the collaboration notifier. Pin, unpin and withdraw move the pin (board-pin-commands.ts).
 */
export const boardService = (dependencies: ApplicationDependencySource) => {
  const run = recordCommand(dependencies, {
    aggregateType: boardMessageType,
    label: 'board message',
    decider: boardMessageDecider,
    canSee: everyone,
    view: boardMessageView,
  });
  const pins = boardPinCommands(dependencies);
  const mentionsIn = (actor: Actor, body: string) => mentionedUsers(dependencies().peopleOfRecord, actor, body);

  return {
    postMessage: async (context: CommandContext, input: { readonly body: string }, options: Omit<CommandOptions, 'expectedVersion'> = {}): Outcome => {
      const messageId = dependencies().newId();
      const mentions = await mentionsIn(context.actor, input.body);
      return run(context, messageId, { type: 'PostBoardMessage', data: { messageId, body: input.body, mentions } }, { ...options, create: true });
    },
    /** The author edits the body or withdraws the message (403 for anyone else; 409 once withdrawn). */
    editMessage: async (context: CommandContext, messageId: string, input: EditBoardMessageInput, options: CommandOptions = {}): Outcome => {
      if (input.withdrawn === true && input.body !== undefined) throw invalid('withdrawn', 'a message is withdrawn or edited, not both at once');
      if (input.withdrawn === true) return pins.withdraw(context, messageId, options);
      if (input.body === undefined) throw invalid('body', 'is required unless the message is withdrawn');
      const mentions = await mentionsIn(context.actor, input.body);
      return run(context, messageId, { type: 'EditBoardMessage', data: { body: input.body, mentions } }, options);
    },
    pinMessage: pins.pin,
    unpinMessage: pins.unpin,
    getMessage: async (actor: Actor, messageId: string, asOf?: string): Promise<{ record: BoardMessageView; version: number }> => {
      const { state, version } = await loadAsOf(dependencies().eventStore, actor, boardMessageReader, messageId, asOf);
      return { record: boardMessageView(state, version), version };
    },
    messageHistory: (actor: Actor, messageId: string) => historyOf(dependencies().eventStore, actor, boardMessageReader, messageId),
  };
};

export type BoardService = ReturnType<typeof boardService>;
