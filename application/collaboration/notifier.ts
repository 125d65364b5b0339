import { createHash } from 'node:crypto';
import type { Locale } from '../../domain/access/people.ts';
import { userDecider } from '../../domain/access/user.ts';
import { noticesOf, quoteAcceptedNotice, renderNotice, sourceEventId, webhookDisabledNotices, type Notice, type SourceEvent } from '../../domain/collaboration/system-messages.ts';
import { quoteDecider } from '../../domain/sales/quote.ts';
import { systemSender } from '../../events/collaboration/message-events.ts';
import type { StoredEvent } from '../../events/envelope.ts';
import type { ApplicationDependencySource } from '../ports/application-dependencies.ts';
import { loadState } from '../shared/load-state.ts';
import { messageService } from './message-service.ts';

/**
 * One system message per source event and recipient: the same id on every delivery. Hashed so that it
 * is a valid record id (contract/http/common.ts `idPattern`, at most 100 characters) whatever the ids.
 */
export const systemMessageId = (event: SourceEvent, recipient: string): string =>
  `sys-${createHash('sha256').update(`${sourceEventId(event)}\u0000${recipient}`).digest('base64url').slice(0, 43)}`;

/**
 * The collaboration notifier's policy: one event of the log in, the system's direct messages out
 * (domain/collaboration/system-messages.ts decides who is told what). Each message's id derives from
 * the source event and its recipient and the decider writes a message only once, so a redelivered
 * event (the bus delivers at least once) sends nothing new. The subject is in the recipient's profile
 * language, read on the user's own stream (a user registered a moment before the event is known; the
 * people read model only when the log has no such user; `en` when neither does). Returns how many
 * messages this call wrote.
 */
export const notifyUsers = async (dependencies: ApplicationDependencySource, event: StoredEvent): Promise<number> => {
  const { eventStore, people } = dependencies();
  const tenant = event.meta.tenant;
  const notices: Notice[] = [...noticesOf(event)];
  if (event.type === 'QuoteAccepted') {
    const { state } = await loadState(eventStore, tenant, 'quote', event.aggregateId, quoteDecider);
    if (state !== null) notices.push(...quoteAcceptedNotice(event, { operatorId: state.content.operatorId, reference: state.reference }));
  }
  if (event.type === 'WebhookEndpointDisabled' && (event.data as { reason?: string }).reason === 'failing') {
    // Every active admin (the people read model: an admin made a second ago may miss this one notice).
    const admins = (await people.users(tenant)).filter((user) => user.active && user.role === 'admin').map((user) => user.userId);
    notices.push(...webhookDisabledNotices(event, admins));
  }
  if (notices.length === 0) return 0;
  const messages = messageService(dependencies);
  const system = { tenant, userId: systemSender, role: 'admin' as const, groups: [] };
  // The log first: the people read model may not have projected a user registered a moment ago.
  const profileOf = async (userId: string): Promise<{ readonly name: string; readonly locale: Locale } | null | undefined> =>
    (await loadState(eventStore, tenant, 'user', userId, userDecider)).state ?? (await people.user(tenant, userId));
  const byName = (await profileOf(event.meta.actor))?.name ?? event.meta.actor;
  const sent = await Promise.all(
    notices.map(async (notice) => {
      const locale: Locale = (await profileOf(notice.recipient))?.locale ?? 'en';
      const { subject, body } = renderNotice(notice, locale, byName);
      return messages.sendSystemMessage(system, {
        messageId: systemMessageId(event, notice.recipient),
        recipient: notice.recipient,
        subject,
        body,
        cause: { eventId: sourceEventId(event), eventType: event.type, record: notice.record, by: notice.by },
        correlationId: event.meta.correlationId,
      });
    }),
  );
  return sent.filter(Boolean).length;
};
