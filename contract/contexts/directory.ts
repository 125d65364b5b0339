import { companyEvents } from '../../events/directory/company-events.ts';
import { contactEvents } from '../../events/directory/contact-events.ts';
import { leadEvents } from '../../events/directory/lead-events.ts';
import { companyListProjection } from '../../projections/directory/company-list.ts';
import { contactListProjection } from '../../projections/directory/contact-list.ts';
import { leadListProjection } from '../../projections/directory/lead-list.ts';
import { companyTimelineProjection, contactTimelineProjection, leadTimelineProjection } from '../../projections/directory/timelines.ts';
import { defineContext } from '../context-definition.ts';
import { directoryRoutes, directoryTimelineRoutes } from '../http/directory-routes.ts';

/** Directory: companies, contacts, leads, their timelines (API.md "Directory"). */
export const directoryContext = defineContext({
  name: 'directory',
  events: [...companyEvents, ...contactEvents, ...leadEvents],
  functions: {
    directoryApi: {
      id: 'DirectoryApi',
      entry: 'functions/http/directory.ts',
      kind: 'http',
      description: 'HTTP API of the directory context: companies, contacts, leads',
      memorySize: 1024,
      timeoutSeconds: 10,
      // Same shape as support; a changed VAT number or tax code releases its claim, a changed name or
      // e-mail moves its lookup items; contact avatars: presigned uploads and downloads, HEAD on confirmation.
      access: { events: 'append', releaseClaims: true, maintainLookups: true, readModels: 'query', avatars: true },
    },
  },
  routes: [...directoryRoutes, ...directoryTimelineRoutes],
  projections: [
    companyListProjection,
    contactListProjection,
    leadListProjection,
    companyTimelineProjection,
    contactTimelineProjection,
    leadTimelineProjection,
  ],
  busRules: [],
});
