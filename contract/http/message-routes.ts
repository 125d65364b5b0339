import type { RouteDefinition } from '../route-definition.ts';
import { IdParam, NoBody } from './common.ts';
import { MessageListPage, MessageListQuery, MessageView, SendMessageBody, UnreadCount } from './messages.ts';

const tag = 'Messages';

/** API.md "Collaboration and dashboard": direct messages (`GET /v1/messages/unread-count` and `GET /v1/messages/{id}` added). */
export const messageRoutes = [
  {
    method: 'POST',
    path: '/v1/messages',
    function: 'collaborationApi',
    operationId: 'sendMessage',
    summary: 'Send a direct message to a user or a group (MessageSent; a group: one message read per member)',
    tag,
    auth: 'jwt',
    body: SendMessageBody,
    response: { status: 201, description: 'The message', schema: MessageView },
    concurrency: true,
  },
  {
    method: 'GET',
    path: '/v1/messages',
    function: 'collaborationApi',
    operationId: 'listMessages',
    summary: "The caller's inbox (default) or sent messages, newest first, with their unread count",
    tag,
    auth: 'jwt',
    query: MessageListQuery,
    response: { status: 200, description: 'A page of messages', schema: MessageListPage },
  },
  {
    method: 'GET',
    path: '/v1/messages/unread-count',
    function: 'collaborationApi',
    operationId: 'getUnreadMessageCount',
    summary: "How many messages the caller has not read",
    tag,
    auth: 'jwt',
    response: { status: 200, description: 'The unread count', schema: UnreadCount },
  },
  {
    method: 'GET',
    path: '/v1/messages/{id}',
    function: 'collaborationApi',
    operationId: 'getMessage',
    summary: 'A message, to its sender or a recipient (anyone else: 404)',
    tag,
    auth: 'jwt',
    params: IdParam,
    response: { status: 200, description: 'The message', schema: MessageView },
    concurrency: true,
  },
  {
    method: 'POST',
    path: '/v1/messages/{id}/read',
    function: 'collaborationApi',
    operationId: 'markMessageRead',
    summary: 'Mark a message read for the caller, a recipient (MessageRead; again: nothing new; its sender: nothing, their view)',
    tag,
    auth: 'jwt',
    params: IdParam,
    body: NoBody,
    response: { status: 200, description: 'The message as the caller now sees it', schema: MessageView },
    concurrency: true,
  },
] as const satisfies readonly RouteDefinition[];
