import { apiClientEvents } from '../../events/integrations/api-client-events.ts';
import { webhookEvents } from '../../events/integrations/webhook-events.ts';

/**
 * THE list of event types a webhook never delivers, with why (docs/webhooks.md "Pipeline", "What is
 * delivered"). A webhook endpoint is set up by an administrator and receives data as the tenant's
 * system of record would show it to an administrator; so what an administrator cannot read through the
 * API, per-user private data, secrets and the system's own bookkeeping stay out. Everything else of the
 * catalogue is deliverable (contract/webhook-event-types.ts derives that list, and its test holds every
 * type here to the catalogue). Used by the endpoint rules (an endpoint cannot subscribe to these) and
 * by the dispatcher's planning (never scheduled, not even for an endpoint taking every type).
 *
 * Adding an event type to the catalogue makes it deliverable: a context with private data adds its
 * types here in the same change.
 */
export const privateEventTypes: Readonly<Record<string, string>> = {
  // collaboration: the users' own.
  MessageSent: "a user's direct message: administrators cannot read it through the API",
  MessageRead: "a user's reading of a direct message: private to the conversation",
  NoteWritten: "a user's personal note: private to its author",
  NoteEdited: "a user's personal note: private to its author",
  NoteDeleted: "a user's personal note: private to its author",
  CalendarFeedCreated: "a user's calendar feed: it carries the hash of the feed's secret",
  CalendarFeedRevoked: "a user's calendar feed: per-user access bookkeeping",
  // reminders: per-user mailings.
  ReminderSent: "an e-mail to one user about their activity: per-user bookkeeping of the mailer",
  DailyDigestSent: "a user's daily digest e-mail: per-user bookkeeping of the mailer",
  // reports: one user's job, run with that user's visibility snapshot.
  ReportRequested: "one user's report job: carries the requester's identity and visibility",
  ReportAttemptStarted: 'report job progress: internal bookkeeping',
  ReportAttemptFailed: 'report job progress: internal bookkeeping',
  ReportCompleted: "one user's report file: for the requester only",
  ReportFailed: "one user's report job: internal bookkeeping",
  // imports and exports: one user's jobs; the records an import writes have their own (deliverable) events.
  ImportRequested: "one user's import job: carries the requester's identity",
  ImportRunClaimed: 'import worker lease: internal bookkeeping',
  ImportRunReleased: 'import worker lease: internal bookkeeping',
  ImportValidationStarted: 'import job progress: internal bookkeeping',
  ImportStarted: 'import job progress: internal bookkeeping',
  ImportProgressRecorded: 'import job progress: internal bookkeeping',
  ImportCompleted: 'import job progress: the imported records have their own events',
  ImportFailed: 'import job progress: internal bookkeeping',
  ImportCancelled: 'import job progress: internal bookkeeping',
  ImportRevertRequested: 'import job progress: the removed records have their own events',
  ImportReverted: 'import job progress: the removed records have their own events',
  ExportRequested: "one user's export job: carries the requester's identity and visibility",
  ExportStarted: 'export job progress: internal bookkeeping',
  ExportCompleted: "one user's export file: for the requester only",
  ExportFailed: 'export job progress: internal bookkeeping',
  // administration: the system's own maintenance.
  ProjectionRebuildRequested: 'projection maintenance: internal bookkeeping',
  ProjectionRebuildStarted: 'projection maintenance: internal bookkeeping',
  ProjectionRebuildProgressed: 'projection maintenance: internal bookkeeping',
  ProjectionRebuildCompleted: 'projection maintenance: internal bookkeeping',
  ProjectionRebuildFailed: 'projection maintenance: internal bookkeeping',
};

/**
 * The integrations context's own events (endpoints, deliveries, the dispatch cursor, API clients):
 * never delivered — a delivery of a delivery would loop, and they carry secret ids and grants. The bus
 * rule leaves their source out as well.
 */
export const integrationsEventTypes: ReadonlySet<string> = new Set([...webhookEvents, ...apiClientEvents].map((definition) => definition.type));

const ownReason = "the integrations context's own: a delivery of a delivery would loop; secrets and grants";

/** Why a type is never delivered, or undefined if it is deliverable. */
export const whyNotDeliverable = (eventType: string): string | undefined =>
  Object.hasOwn(privateEventTypes, eventType) ? privateEventTypes[eventType] : integrationsEventTypes.has(eventType) ? ownReason : undefined;

/** Whether a webhook may ever carry an event of this type (unknown types aside: the catalogue knows those). */
export const isDeliverableEventType = (eventType: string): boolean => whyNotDeliverable(eventType) === undefined;
