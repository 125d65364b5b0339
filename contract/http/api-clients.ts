import { z } from 'zod';
import { roles } from '../../events/administration/value-lists.ts';
import { apiClientNameMax } from '../../events/integrations/api-client-events.ts';

/** Wire schemas of API clients (API.md "Integration": `/v1/api-clients`, admin only). docs/api-clients.md. */

export const CreateApiClientBody = z.strictObject({
  name: z.string().max(apiClientNameMax).describe('Shown to admins (1 to 100 characters)'),
  role: z.enum(roles).describe('The role the client acts with, as a user would'),
});

export const ApiClientView = z
  .object({
    id: z.string().describe('The client id (the identity provider app client id)'),
    name: z.string(),
    role: z.enum(roles),
    clientId: z.string().describe('The OAuth 2.0 client_id, the same as `id`'),
    scopes: z.array(z.string()).describe("The OAuth scopes its tokens carry: its role's scope"),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'ApiClient' });

export const CreatedApiClientView = ApiClientView.extend({
  clientSecret: z.string().describe('Shown ONCE, never again: store it in the integration'),
  tokenUrl: z.string().describe('POST here with client credentials (`grant_type=client_credentials`) for an access token'),
}).meta({ id: 'CreatedApiClient' });

export const ApiClientList = z.object({ items: z.array(ApiClientView).describe('Live clients, newest first') }).meta({ id: 'ApiClientList' });
