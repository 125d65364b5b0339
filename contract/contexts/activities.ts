import { activityEvents } from '../../events/activities/activity-events.ts';
import { reminderEvents } from '../../events/reminders/reminder-events.ts';
import { activityCalendarProjection } from '../../projections/activities/activity-calendar.ts';
import { activityRemindersProjection } from '../../projections/activities/activity-reminders.ts';
import { activityTimelineProjection } from '../../projections/activities/activity-timeline.ts';
import { defineContext } from '../context-definition.ts';
import { activityRoutes } from '../http/activity-routes.ts';

/** Activities: calendar, to-do, free/busy, reminders and daily digests (API.md "Activities"). */
export const activitiesContext = defineContext({
  name: 'activities',
  events: [...activityEvents, ...reminderEvents],
  functions: {
    activitiesApi: {
      id: 'ActivitiesApi',
      entry: 'functions/http/activities.ts',
      kind: 'http',
      description: 'HTTP API of activities: activities, calendar, free/busy, to-do',
      memorySize: 1024,
      timeoutSeconds: 10,
      // Commands append and load (the original of a copy, the parent); calendar, to-do and reference
      // checks (directory, tickets, people) read the read models.
      access: { events: 'append', readModels: 'query' },
    },
    activityRelinker: {
      id: 'ActivityRelinker',
      entry: 'functions/bus/relink-activities.ts',
      kind: 'bus',
      description: "Moves a converted lead's open activities to the contact it became (ActivityRelinked)",
      memorySize: 512,
      timeoutSeconds: 60,
      // Reads the related-record index, loads the lead's log, appends ActivityRelinked.
      access: { events: 'append', readModels: 'query' },
    },
    sendReminders: {
      id: 'SendReminders',
      entry: 'functions/scheduled/send-reminders.ts',
      kind: 'scheduled',
      description: 'E-mails due activity reminders and the 07:30 daily digests, each exactly once',
      memorySize: 1024,
      // Below the delivery lease (15 min, functions/scheduled/reminders/run-reminder-job.ts): a claim
      // older than the lease can only belong to a run that is no longer alive.
      timeoutSeconds: 240,
      schedule: { rateMinutes: 5 },
      // Its access (due index and agenda, SES, delivery claims in the log) is infra's ReminderDelivery.
    },
  },
  routes: [...activityRoutes],
  projections: [activityCalendarProjection, activityRemindersProjection, activityTimelineProjection],
  busRules: [
    {
      function: 'activityRelinker',
      description: "A converted lead, or an activity scheduled on (or re-related to) a lead: the lead's open activities follow it",
      eventTypes: ['LeadConverted', 'ActivityScheduled', 'ActivityDetailsChanged'],
    },
  ],
});
