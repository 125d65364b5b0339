import { boardQueries } from '../../../application/collaboration/board-queries.ts';
import { boardService } from '../../../application/collaboration/board-service.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { commandContextOf } from '../idempotency.ts';
import { inQuery } from '../problem-details.ts';
import { commandOptionsOf, recordAnswer } from '../record-commands.ts';
import { etag, json } from '../responses.ts';
import type { Operations } from '../router.ts';

type BoardOperations = Pick<
  Operations<'collaborationApi'>,
  'postBoardMessage' | 'listBoardMessages' | 'getBoardMessage' | 'editBoardMessage' | 'getBoardMessageHistory' | 'pinBoardMessage' | 'unpinBoardMessage'
>;

const messageAnswer = recordAnswer((id) => `/v1/board/messages/${id}`);

/** The board over HTTP: each operation calls the service and renders its result. */
export const boardOperations = (dependencies: DependencySource): BoardOperations => {
  const board = boardService(dependencies);
  const queries = boardQueries(dependencies);
  const context = commandContextOf;
  const options = commandOptionsOf;
  return {
    postBoardMessage: async ({ actor, body, ...request }) => messageAnswer(await board.postMessage(context(actor, request), body, options(actor, request, false))),
    listBoardMessages: async ({ actor, query }) => json(200, await inQuery(() => queries.listMessages(actor, query))),
    getBoardMessage: async ({ actor, params, query }) => {
      const { record, version } = await board.getMessage(actor, params.id, query.asOf);
      return json(200, record, { etag: etag(version) });
    },
    editBoardMessage: async ({ actor, params, body, ...request }) =>
      messageAnswer(await board.editMessage(context(actor, request), params.id, body, options(actor, request))),
    getBoardMessageHistory: async ({ actor, params }) => json(200, await board.messageHistory(actor, params.id)),
    pinBoardMessage: async ({ actor, params, ...request }) => messageAnswer(await board.pinMessage(context(actor, request), params.id, options(actor, request))),
    unpinBoardMessage: async ({ actor, params, ...request }) => messageAnswer(await board.unpinMessage(context(actor, request), params.id, options(actor, request))),
  };
};
