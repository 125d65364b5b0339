import { messageQueries } from '../../../application/collaboration/message-queries.ts';
import { messageService } from '../../../application/collaboration/message-service.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { commandContextOf } from '../idempotency.ts';
import { inQuery } from '../problem-details.ts';
import { commandOptionsOf, recordAnswer } from '../record-commands.ts';
import { etag, json } from '../responses.ts';
import type { Operations } from '../router.ts';

type MessageOperations = Pick<Operations<'collaborationApi'>, 'sendMessage' | 'listMessages' | 'getUnreadMessageCount' | 'getMessage' | 'markMessageRead'>;

const messageAnswer = recordAnswer((id) => `/v1/messages/${id}`);

/** Direct messages over HTTP: each operation calls the service or the queries and renders the result. */
export const messageOperations = (dependencies: DependencySource): MessageOperations => {
  const messages = messageService(dependencies);
  const queries = messageQueries(dependencies);
  return {
    sendMessage: async ({ actor, body, ...request }) =>
      messageAnswer(await messages.sendMessage(commandContextOf(actor, request), body, commandOptionsOf(actor, request, false))),
    listMessages: async ({ actor, query }) => json(200, await inQuery(() => queries.listMessages(actor, query))),
    getUnreadMessageCount: async ({ actor }) => json(200, { unreadCount: await queries.unreadCount(actor) }),
    getMessage: async ({ actor, params }) => {
      const { record, version } = await messages.getMessage(actor, params.id);
      return json(200, record, { etag: etag(version) });
    },
    markMessageRead: async ({ actor, params, ...request }) =>
      messageAnswer(await messages.markRead(commandContextOf(actor, request), params.id, commandOptionsOf(actor, request))),
  };
};
