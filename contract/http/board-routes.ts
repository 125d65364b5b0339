import type { RouteDefinition } from '../route-definition.ts';
import { BoardListQuery, BoardMessagePage, BoardMessageView, EditBoardMessageBody, PostBoardMessageBody } from './board.ts';
import { AsOfQuery, History, IdParam, NoBody } from './common.ts';
import { recordCommandRoute } from './record-command-route.ts';

const tag = 'Board';

const boardCommand = recordCommandRoute({ collection: '/v1/board/messages', function: 'collaborationApi', tag, name: 'board message', view: BoardMessageView });

/** API.md "Collaboration and dashboard": the tenant's board. */
export const boardRoutes = [
  {
    method: 'POST',
    path: '/v1/board/messages',
    function: 'collaborationApi',
    operationId: 'postBoardMessage',
    summary: 'Post a message on the board (BoardMessagePosted); `@<userId>` mentions are recorded and notified',
    tag,
    auth: 'jwt',
    body: PostBoardMessageBody,
    response: { status: 201, description: 'The message', schema: BoardMessageView },
    concurrency: true,
  },
  {
    method: 'GET',
    path: '/v1/board/messages',
    function: 'collaborationApi',
    operationId: 'listBoardMessages',
    summary: 'The board: newest first, the pinned message on top of the first page',
    tag,
    auth: 'jwt',
    query: BoardListQuery,
    response: { status: 200, description: 'A page of messages', schema: BoardMessagePage },
  },
  {
    method: 'GET',
    path: '/v1/board/messages/{id}',
    function: 'collaborationApi',
    operationId: 'getBoardMessage',
    summary: 'A board message, now or as it was at `asOf`',
    tag,
    auth: 'jwt',
    params: IdParam,
    query: AsOfQuery,
    response: { status: 200, description: 'The message', schema: BoardMessageView },
    concurrency: true,
  },
  {
    method: 'PATCH',
    path: '/v1/board/messages/{id}',
    function: 'collaborationApi',
    operationId: 'editBoardMessage',
    summary: 'The author edits the body (BoardMessageEdited) or withdraws the message (BoardMessageWithdrawn); 403 for anyone else',
    tag,
    auth: 'jwt',
    params: IdParam,
    body: EditBoardMessageBody,
    response: { status: 200, description: 'The message after the change', schema: BoardMessageView },
    concurrency: true,
  },
  {
    method: 'GET',
    path: '/v1/board/messages/{id}/history',
    function: 'collaborationApi',
    operationId: 'getBoardMessageHistory',
    summary: 'Every event of a board message with actor and time',
    tag,
    auth: 'jwt',
    params: IdParam,
    response: { status: 200, description: 'The events, oldest first', schema: History },
  },
  boardCommand('pinBoardMessage', 'pin', 'Pin the message on top of the board, unpinning the one pinned before in the same commit (administrators and managers)', NoBody),
  boardCommand('unpinBoardMessage', 'unpin', 'Unpin the message (administrators and managers)', NoBody),
] as const satisfies readonly RouteDefinition[];
