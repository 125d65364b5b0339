import type { Projection } from './projection.ts';
import { activityCalendarProjection } from './activities/activity-calendar.ts';
import { activityRemindersProjection } from './activities/activity-reminders.ts';
import { activityTimelineProjection } from './activities/activity-timeline.ts';
import { groupProfileProjection, userProfileProjection } from './administration/people.ts';
import { companyListProjection } from './directory/company-list.ts';
import { contactListProjection } from './directory/contact-list.ts';
import { leadListProjection } from './directory/lead-list.ts';
import { companyTimelineProjection, contactTimelineProjection, leadTimelineProjection } from './directory/timelines.ts';
import { importListProjection } from './imports/import-list.ts';
import { ticketListProjection } from './support/ticket-list.ts';

/** Every projection, by the aggregate type whose events feed it. */
export const projections: readonly Projection<unknown>[] = [
  ticketListProjection as Projection<unknown>,
  companyListProjection as Projection<unknown>,
  contactListProjection as Projection<unknown>,
  leadListProjection as Projection<unknown>,
  activityCalendarProjection as Projection<unknown>,
  userProfileProjection as Projection<unknown>,
  groupProfileProjection as Projection<unknown>,
  activityRemindersProjection as Projection<unknown>,
  companyTimelineProjection as Projection<unknown>,
  contactTimelineProjection as Projection<unknown>,
  leadTimelineProjection as Projection<unknown>,
  activityTimelineProjection as Projection<unknown>,
  importListProjection as Projection<unknown>,
];

export const projectionsFor = (aggregateType: string): readonly Projection<unknown>[] =>
  projections.filter((projection) => projection.aggregateType === aggregateType);
