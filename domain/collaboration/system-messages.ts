import type { ActivityStatus } from '../../events/activities/activity-events.ts';
import { isOpen } from '../activities/activity.ts';
import type { Locale } from '../access/people.ts';

/**
 * What the system tells a user, decided from one event of the log (pure): an activity or a ticket
 * assigned to them by SOMEONE ELSE (an activity: scheduled open, not logged done), their quote accepted by someone else, a mention on the board.
 * Nothing for what a user did to themself. The notifier (application/collaboration/notifier.ts)
 * sends each notice as a direct message from `system`, its id derived from the source event and the
 * recipient (application/collaboration/notifier.ts `systemMessageId`), so a redelivered event writes nothing new.
 */

export type NoticeKind = 'activity_assigned' | 'ticket_assigned' | 'quote_accepted' | 'board_mention' | 'webhook_disabled';

export interface Notice {
  readonly kind: NoticeKind;
  readonly recipient: string;
  readonly record: { readonly type: string; readonly id: string };
  /** Who did it: the event's actor. */
  readonly by: string;
  /** The record's title when the event carries it (activity or ticket subject, quote reference). */
  readonly title: string | null;
}

/** The source event as the planner needs it (a StoredEvent fits). */
export interface SourceEvent {
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly version: number;
  readonly type: string;
  readonly data: unknown;
  readonly meta: { readonly actor: string };
}

/** The event types the notifier listens to (contract/contexts/collaboration.ts bus rule). */
export const noticeEventTypes = [
  'ActivityScheduled',
  'ActivityReassigned',
  'TicketOpened',
  'TicketAssigned',
  'QuoteAccepted',
  'BoardMessagePosted',
  'BoardMessageEdited',
  'WebhookEndpointDisabled',
] as const;

type AssigneeData = { readonly kind: 'user'; readonly userId: string } | { readonly kind: 'group'; readonly groupId: string } | null | undefined;

const userOf = (assignee: AssigneeData): string | null => (assignee?.kind === 'user' ? assignee.userId : null);

/** The stable id of a source event (its stream and position: the log's own identity of it). */
export const sourceEventId = (event: SourceEvent): string => `${event.aggregateType}-${event.aggregateId}-v${event.version}`;

/**
 * The notices one event makes, except QuoteAccepted's (its operator is on the quote's stream, not
 * on the event: `quoteAcceptedNotice` takes it once loaded).
 */
export const noticesOf = (event: SourceEvent): Notice[] => {
  const by = event.meta.actor;
  const data = event.data as Record<string, unknown>;
  const to = (kind: NoticeKind, recipient: string | null, type: string, title: string | null): Notice[] =>
    recipient === null || recipient === by ? [] : [{ kind, recipient, record: { type, id: event.aggregateId }, by, title }];
  switch (event.type) {
    case 'ActivityScheduled': {
      // An activity logged already done / not done (a past call recorded for a colleague) is no assignment.
      if (!isOpen(data['status'] as ActivityStatus)) return [];
      const details = data['details'] as { subject?: string } | undefined;
      return to('activity_assigned', userOf(data['assignee'] as AssigneeData), 'activity', details?.subject ?? null);
    }
    case 'ActivityReassigned':
      return to('activity_assigned', userOf(data['to'] as AssigneeData), 'activity', null);
    case 'TicketOpened':
      return to('ticket_assigned', userOf(data['assignee'] as AssigneeData), 'ticket', (data['subject'] as string | undefined) ?? null);
    case 'TicketAssigned':
      return to('ticket_assigned', userOf(data['to'] as AssigneeData), 'ticket', null);
    case 'BoardMessagePosted':
    case 'BoardMessageEdited': {
      const mentions = (data['mentions'] as readonly string[] | undefined) ?? [];
      return [...new Set(mentions)].flatMap((userId) => to('board_mention', userId, 'board-message', null));
    }
    default:
      return [];
  }
};

/** The quote's operator told that someone else accepted their quote. */
export const quoteAcceptedNotice = (event: SourceEvent, quote: { readonly operatorId: string; readonly reference: string }): Notice[] =>
  quote.operatorId === event.meta.actor
    ? []
    : [{ kind: 'quote_accepted', recipient: quote.operatorId, record: { type: 'quote', id: event.aggregateId }, by: event.meta.actor, title: quote.reference }];

/**
 * A webhook endpoint disabled because its deliveries failed for 5 days (not an admin's own disabling):
 * every active admin of the tenant is told, since webhooks are the admins' business and the endpoint
 * may be anyone's. The recipients (`admins`) are the caller's to find.
 */
export const webhookDisabledNotices = (event: SourceEvent, admins: readonly string[]): Notice[] => {
  const data = event.data as { endpointId?: string; reason?: string };
  if (event.type !== 'WebhookEndpointDisabled' || data.reason !== 'failing' || !data.endpointId) return [];
  const record = { type: 'webhook', id: data.endpointId };
  return [...new Set(admins)].map((recipient) => ({ kind: 'webhook_disabled' as const, recipient, record, by: event.meta.actor, title: data.endpointId ?? null }));
};

const subjects: Record<NoticeKind, Record<Locale, (title: string | null) => string>> = {
  activity_assigned: {
    it: (t) => (t ? `Ti è stata assegnata un'attività: ${t}` : "Ti è stata assegnata un'attività"),
    en: (t) => (t ? `An activity was assigned to you: ${t}` : 'An activity was assigned to you'),
    pl: (t) => (t ? `Przypisano Ci zadanie: ${t}` : 'Przypisano Ci zadanie'),
    hu: (t) => (t ? `Tevékenységet rendeltek hozzád: ${t}` : 'Tevékenységet rendeltek hozzád'),
  },
  ticket_assigned: {
    it: (t) => (t ? `Ti è stato assegnato un ticket: ${t}` : 'Ti è stato assegnato un ticket'),
    en: (t) => (t ? `A ticket was assigned to you: ${t}` : 'A ticket was assigned to you'),
    pl: (t) => (t ? `Przypisano Ci zgłoszenie: ${t}` : 'Przypisano Ci zgłoszenie'),
    hu: (t) => (t ? `Hibajegyet rendeltek hozzád: ${t}` : 'Hibajegyet rendeltek hozzád'),
  },
  quote_accepted: {
    it: (t) => `Il tuo preventivo ${t ?? ''} è stato accettato`.replace('  ', ' '),
    en: (t) => `Your quote ${t ?? ''} was accepted`.replace('  ', ' '),
    pl: (t) => `Twoja oferta ${t ?? ''} została zaakceptowana`.replace('  ', ' '),
    hu: (t) => `Az árajánlatodat (${t ?? '–'}) elfogadták`,
  },
  board_mention: {
    it: () => 'Sei stato menzionato in bacheca',
    en: () => 'You were mentioned on the board',
    pl: () => 'Wspomniano o Tobie na tablicy',
    hu: () => 'Megemlítettek a faliújságon',
  },
  webhook_disabled: {
    it: (t) => `Webhook ${t ?? ''} disattivato: le consegne non riescono da 5 giorni`.replace('  ', ' '),
    en: (t) => `Webhook ${t ?? ''} disabled: its deliveries have failed for 5 days`.replace('  ', ' '),
    pl: (t) => `Webhook ${t ?? ''} wyłączony: dostarczanie nie udaje się od 5 dni`.replace('  ', ' '),
    hu: (t) => `A(z) ${t ?? ''} webhook letiltva: a kézbesítések 5 napja sikertelenek`.replace('  ', ' '),
  },
};

const bodies: Record<Locale, (by: string, link: string) => string> = {
  it: (by, link) => `Da ${by}: ${link}`,
  en: (by, link) => `By ${by}: ${link}`,
  pl: (by, link) => `Przez ${by}: ${link}`,
  hu: (by, link) => `Küldte ${by}: ${link}`,
};

/**
 * Notices no person caused (the webhook sender disabled an endpoint): the actor is a system id
 * (`system:webhooks`), not someone to name, so the body says Cronaca itself sent it.
 */
const systemKinds: ReadonlySet<NoticeKind> = new Set(['webhook_disabled']);

const systemBodies: Record<Locale, (link: string) => string> = {
  it: (link) => `Avviso automatico di Cronaca: ${link}`,
  en: (link) => `An automatic notice from Cronaca: ${link}`,
  pl: (link) => `Automatyczne powiadomienie Cronaca: ${link}`,
  hu: (link) => `A Cronaca automatikus értesítése: ${link}`,
};

const linkOf = (record: Notice['record']): string =>
  record.type === 'board-message' ? `/v1/board/messages/${record.id}` : record.type === 'activity' ? `/v1/activities/${record.id}` : `/v1/${record.type}s/${record.id}`;

/**
 * The message's subject and body in the recipient's language; `byName` = the actor's display name
 * (not used for a notice no person caused).
 */
export const renderNotice = (notice: Notice, locale: Locale, byName: string): { subject: string; body: string } => ({
  subject: subjects[notice.kind][locale](notice.title),
  body: systemKinds.has(notice.kind) ? systemBodies[locale](linkOf(notice.record)) : bodies[locale](byName, linkOf(notice.record)),
});
