import { groupDecider } from '../../domain/access/group.ts';
import { filterInBatches } from '../shared/in-batches.ts';
import { canSeeMessage, messageDecider, type DirectMessage, type MessageCommand } from '../../domain/collaboration/direct-message.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { MessageAddressee, MessageCause } from '../../events/collaboration/message-events.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import type { CommandContext, CommandOptions, CommandOutcome } from '../shared/command-context.ts';
import { runCommand } from '../shared/command-runner.ts';
import { invalid, notFound } from '../shared/errors.ts';
import { loadState } from '../shared/load-state.ts';
import { recordCommand, type RecordResult } from '../shared/record-command.ts';
import { messageView, type MessageView } from './message-view.ts';

export interface SendMessageInput {
  readonly userId?: string | undefined;
  readonly groupId?: string | undefined;
  readonly subject?: string | null | undefined;
  readonly body: string;
}

/** Members checked on the log in parallel, per batch. */
const membersPerBatch = 25;

type MessageOutcome = Promise<CommandOutcome<RecordResult<MessageView>>>;

/**
 * Direct messages: sending (recipients resolved on the LOG at send time: a user registered a moment
 * ago can be written to, a group's members are those of its own stream now), reading one, marking
 * it read per recipient. The view is the caller's: `read` is whether THEY read it.
 */
export const messageService = (dependencies: ApplicationDependencySource) => {
  const viewFor = (actor: Actor) => (state: DirectMessage, version: number) => messageView(state, version, actor.userId);
  const runAs = (actor: Actor) =>
    recordCommand(dependencies, { aggregateType: 'message', label: 'message', decider: messageDecider, canSee: canSeeMessage, view: viewFor(actor) });

  /** The recipients of a send, on the log; unknown or inactive ids are invalid input naming the field. */
  const recipientsOf = async (actor: Actor, input: SendMessageInput): Promise<{ to: MessageAddressee; recipients: string[] }> => {
    const { eventStore, peopleOfRecord } = dependencies();
    if ((input.userId === undefined) === (input.groupId === undefined)) throw invalid('userId', 'give exactly one of userId and groupId');
    if (input.userId !== undefined) {
      if (input.userId === actor.userId) throw invalid('userId', 'you cannot write to yourself');
      if (!(await peopleOfRecord.activeUser(actor.tenant, input.userId))) throw invalid('userId', `no active user ${input.userId} in this tenant`);
      return { to: { kind: 'user', userId: input.userId }, recipients: [input.userId] };
    }
    const groupId = input.groupId!;
    const { state } = await loadState(eventStore, actor.tenant, 'group', groupId, groupDecider);
    if (state === null) throw invalid('groupId', `no group ${groupId} in this tenant`);
    // One strongly consistent read per member, a bounded number at a time (a group has up to 500).
    const others = state.members.filter((id) => id !== actor.userId);
    const recipients = await filterInBatches(others, membersPerBatch, async (id) => Boolean(await peopleOfRecord.activeUser(actor.tenant, id)));
    if (recipients.length === 0) throw invalid('groupId', 'the group has no active member but you');
    return { to: { kind: 'group', groupId }, recipients };
  };

  return {
    sendMessage: async (context: CommandContext, input: SendMessageInput, options: Omit<CommandOptions, 'expectedVersion'> = {}): MessageOutcome => {
      const { to, recipients } = await recipientsOf(context.actor, input);
      const messageId = dependencies().newId();
      const command: MessageCommand = { type: 'SendMessage', data: { messageId, from: context.actor.userId, to, recipients, subject: input.subject ?? null, body: input.body } };
      return runAs(context.actor)(context, messageId, command, { ...options, create: true });
    },
    /** Marks the message read for the caller (a recipient; its sender: nothing, their view; anyone else: not found). Again = nothing new. */
    markRead: (context: CommandContext, messageId: string, options: CommandOptions = {}): MessageOutcome =>
      runAs(context.actor)(context, messageId, { type: 'MarkRead', data: { userId: context.actor.userId } }, options),
    getMessage: async (actor: Actor, messageId: string): Promise<{ record: MessageView; version: number }> => {
      const { state, version } = await loadState(dependencies().eventStore, actor.tenant, 'message', messageId, messageDecider);
      if (state === null || !canSeeMessage(actor, state)) throw notFound('message not found');
      return { record: messageView(state, version, actor.userId), version };
    },
    /**
     * A system message under a given id (derived from its source event): written once; a redelivery
     * loads the stream, the decider finds the message there and nothing is appended.
     */
    sendSystemMessage: async (
      actor: Actor,
      input: { messageId: string; recipient: string; subject: string; body: string; cause: MessageCause; correlationId: string },
    ): Promise<boolean> => {
      const { eventStore, newId, now, metrics } = dependencies();
      const outcome = await runCommand({
        store: eventStore,
        ...(metrics ? { metrics } : {}),
        decider: messageDecider,
        actor,
        aggregateType: 'message',
        aggregateId: input.messageId,
        command: {
          type: 'SendMessage',
          data: { messageId: input.messageId, from: actor.userId, to: { kind: 'user', userId: input.recipient }, recipients: [input.recipient], subject: input.subject, body: input.body, cause: input.cause },
        } satisfies MessageCommand,
        meta: { commandId: newId(), correlationId: input.correlationId },
        now,
        result: ({ events }) => events.length > 0,
      });
      return outcome.result;
    },
  };
};

export type MessageService = ReturnType<typeof messageService>;
