import { describe, expect, it } from 'vitest';
import { canSeeMessage, messageDecider, type MessageCommand } from '../../../domain/collaboration/direct-message.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import type { MessageEvent } from '../../../events/collaboration/message-events.ts';
import { deciderSpec, type GivenEvent } from '../../support/decider-spec.ts';

// Fixed dates: nothing here depends on today.
const now = '2030-05-14T09:00:00.000Z';
const actor = (userId: string, role: Actor['role'] = 'standard'): Actor => ({ tenant: 'acme', userId, role, groups: [] });
const olga = actor('olga');
const tom = actor('tom');
const sam = actor('sam');
const ada = actor('ada', 'admin');

const spec = deciderSpec(messageDecider, { actor: olga, now });

const send = (data: Partial<Extract<MessageCommand, { type: 'SendMessage' }>['data']> = {}): MessageCommand => ({
  type: 'SendMessage',
  data: { messageId: 'm-1', from: 'olga', to: { kind: 'group', groupId: 'sales' }, recipients: ['tom', 'sam'], subject: 'Fiera', body: 'Ci vediamo alle 9', ...data },
});

const sent = (recipients: string[] = ['tom', 'sam']): GivenEvent<MessageEvent> => ({
  type: 'MessageSent',
  data: { messageId: 'm-1', from: 'olga', to: { kind: 'group', groupId: 'sales' }, recipients, subject: 'Fiera', body: 'Ci vediamo alle 9', cause: null },
});
const read = (userId: string): GivenEvent<MessageEvent> => ({ type: 'MessageRead', data: { messageId: 'm-1', userId }, actor: userId });

describe('sending a direct message', () => {
  it('records one message with its recipient list', () => {
    const { type, data } = sent();
    spec.given([]).when(send()).then([{ type, data } as MessageEvent]);
  });

  it('leaves the sender out of a group message and drops duplicates', () => {
    spec
      .given([])
      .when(send({ recipients: ['tom', 'olga', 'tom', 'sam'] }))
      .thenState({ recipients: ['tom', 'sam'], readAt: {} });
  });

  it('trims the subject and keeps an empty one as none', () => {
    spec.given([]).when(send({ subject: '   ', body: '  hello  ' })).thenState({ subject: null, body: 'hello' });
  });

  it('refuses a message with no recipient but the sender, naming the field', () => {
    const error = spec.given([]).when(send({ recipients: ['olga'] })).thenThrows('invalid');
    expect(error.issues?.[0]?.path).toBe('groupId');
    expect(spec.given([]).when(send({ to: { kind: 'user', userId: 'olga' }, recipients: ['olga'] })).thenThrows('invalid').issues?.[0]?.path).toBe('userId');
  });

  it('refuses an empty body', () => {
    expect(spec.given([]).when(send({ body: '   ' })).thenThrows('invalid').issues?.[0]?.path).toBe('body');
  });

  it('writes nothing when the message already exists (a redelivered system message, a retried send)', () => {
    spec.given([sent()]).when(send()).thenNothing();
  });
});

describe('reading a message, per recipient', () => {
  it('marks it read for one member only', () => {
    spec.as(tom).given([sent()]).when({ type: 'MarkRead', data: { userId: 'tom' } }).then([{ type: 'MessageRead', data: { messageId: 'm-1', userId: 'tom' } }]);
    spec
      .as(tom)
      .given([sent()])
      .when({ type: 'MarkRead', data: { userId: 'tom' } })
      .thenState((state) => {
        expect(state?.readAt).toEqual({ tom: now });
      });
  });

  it('is idempotent: reading again records nothing', () => {
    spec.as(tom).given([sent(), read('tom')]).when({ type: 'MarkRead', data: { userId: 'tom' } }).thenNothing();
  });

  it('another member still reads it after the first did', () => {
    spec.as(sam).given([sent(), read('tom')]).when({ type: 'MarkRead', data: { userId: 'sam' } }).then([{ type: 'MessageRead', data: { messageId: 'm-1', userId: 'sam' } }]);
  });

  it('given a sent message, when its sender marks it read, then nothing is recorded (they see it, already read)', () => {
    spec.given([sent()]).when({ type: 'MarkRead', data: { userId: 'olga' } }).thenNothing();
  });

  it('anyone neither recipient nor sender cannot mark it read: not found', () => {
    spec.as(ada).given([sent()]).when({ type: 'MarkRead', data: { userId: 'ada' } }).thenThrows('not_found');
    spec.given([]).when({ type: 'MarkRead', data: { userId: 'tom' } }).thenThrows('not_found');
  });
});

describe('who sees a message', () => {
  const message = messageDecider.evolve(null, { ...sent(), at: now, actor: 'olga' } as never)!;
  it('the sender and the recipients; nobody else, admins included', () => {
    expect(canSeeMessage(olga, message)).toBe(true);
    expect(canSeeMessage(tom, message)).toBe(true);
    expect(canSeeMessage(sam, message)).toBe(true);
    expect(canSeeMessage(ada, message)).toBe(false);
  });
});
