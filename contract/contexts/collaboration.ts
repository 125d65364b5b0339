import { boardEvents } from '../../events/collaboration/board-events.ts';
import { calendarFeedEvents } from '../../events/collaboration/calendar-feed-events.ts';
import { messageEvents } from '../../events/collaboration/message-events.ts';
import { noteEvents } from '../../events/collaboration/note-events.ts';
import { boardListProjection } from '../../projections/collaboration/board-list.ts';
import { noteListProjection } from '../../projections/collaboration/note-list.ts';
import { messageInboxProjection } from '../../projections/collaboration/message-inbox.ts';
import { defineContext } from '../context-definition.ts';
import { boardRoutes } from '../http/board-routes.ts';
import { calendarFeedRoutes } from '../http/calendar-feed-routes.ts';
import { dashboardRoutes } from '../http/dashboard-routes.ts';
import { messageRoutes } from '../http/message-routes.ts';
import { noteRoutes } from '../http/note-routes.ts';

/**
 * Collaboration and the dashboard (PRODUCT.md "Collaboration", "Dashboard"; API.md "Collaboration and
 * dashboard"): the tenant's board, direct messages (to a user or a group, read per recipient, and the
 * system's own), personal notes, the dashboard's widgets in one call, and secret iCalendar feeds.
 */
export const collaborationContext = defineContext({
  name: 'collaboration',
  events: [...boardEvents, ...messageEvents, ...noteEvents, ...calendarFeedEvents],
  functions: {
    collaborationApi: {
      id: 'CollaborationApi',
      entry: 'functions/http/collaboration.ts',
      kind: 'http',
      description: 'HTTP API of collaboration: board, direct messages, personal notes, the dashboard, calendar feeds (the .ics itself without a token)',
      memorySize: 1024,
      timeoutSeconds: 10,
      // Commands append to the log; lists, inbox, dashboard widgets and the feed's activities are read models.
      access: { events: 'append', readModels: 'query' },
    },
    collaborationNotifier: {
      id: 'CollaborationNotifier',
      entry: 'functions/bus/notify-users.ts',
      kind: 'bus',
      description: 'Sends the system direct messages: an activity or ticket assigned to you by someone else, your quote accepted, a mention on the board',
      memorySize: 512,
      timeoutSeconds: 60,
      // Loads the events' records from the log and appends the system messages (idempotent per source event).
      access: { events: 'append', readModels: 'query' },
    },
  },
  routes: [...boardRoutes, ...messageRoutes, ...noteRoutes, ...dashboardRoutes, ...calendarFeedRoutes],
  projections: [
    boardListProjection,
    noteListProjection,
    messageInboxProjection,
  ],
  busRules: [
    {
      function: 'collaborationNotifier',
      description:
        'The events that make the system send a direct message: an activity or ticket assigned to a user by someone else, a quote accepted by someone else than its operator, a mention on the board (domain/collaboration/system-messages.ts)',
      // Listed here as the other contexts list theirs; test/unit/collaboration/system-messages.test.ts
      // keeps it equal to the notices the domain knows (noticeEventTypes).
      // WebhookEndpointDisabled (issue 17): an endpoint disabled for failing 5 days is told to the tenant's admins.
      eventTypes: ['ActivityScheduled', 'ActivityReassigned', 'TicketOpened', 'TicketAssigned', 'QuoteAccepted', 'BoardMessagePosted', 'BoardMessageEdited', 'WebhookEndpointDisabled'],
    },
  ],
});
