import { contactService } from '../../../application/directory/contact-service.ts';
import { directoryQueries } from '../../../application/directory/directory-queries.ts';
import { avatarStorageFromEnv, type AvatarStorage } from '../../../adapters/s3/avatar-storage.ts';
import type { DependencySource } from '../../shared/dependencies.ts';
import { answer, commandContextOf } from '../idempotency.ts';
import { inQuery } from '../problem-details.ts';
import { commandOptionsOf, recordAnswer } from '../record-commands.ts';
import { etag, json } from '../responses.ts';
import type { Operations } from '../router.ts';
import { bulkAnswer } from './bulk.ts';

type ContactOperations = Pick<
  Operations<'directoryApi'>,
  | 'createContact'
  | 'listContacts'
  | 'getContact'
  | 'updateContact'
  | 'getContactHistory'
  | 'logContactInteraction'
  | 'addContactNote'
  | 'bulkUpdateContacts'
  | 'getContactTimeline'
  | 'requestContactAvatarUpload'
  | 'confirmContactAvatar'
>;

const contactAnswer = recordAnswer((id) => `/v1/contacts/${id}`);

/** The contacts over HTTP: each operation calls the contact service and renders its result. */
export const contactOperations = (dependencies: DependencySource, avatars: () => AvatarStorage = avatarStorageFromEnv): ContactOperations => {
  const contacts = contactService(dependencies, avatars);
  const queries = directoryQueries(dependencies);
  const context = commandContextOf;
  const options = commandOptionsOf;

  return {
    createContact: async ({ actor, body, ...request }) =>
      contactAnswer(await contacts.createContact(context(actor, request), body, options(actor, request, false))),
    updateContact: async ({ actor, params, body, ...request }) =>
      contactAnswer(await contacts.updateContact(context(actor, request), params.id, body, options(actor, request))),
    logContactInteraction: async ({ actor, params, body, ...request }) =>
      contactAnswer(await contacts.logContactInteraction(context(actor, request), params.id, body, options(actor, request))),
    addContactNote: async ({ actor, params, body, ...request }) =>
      contactAnswer(await contacts.addContactNote(context(actor, request), params.id, body.body, options(actor, request))),
    getContact: async ({ actor, params, query }) => {
      const { record, version } = await contacts.getContactWithAvatar(actor, params.id, query.asOf);
      return json(200, record, { etag: etag(version) });
    },
    requestContactAvatarUpload: async ({ actor, params, body, ...request }) =>
      answer(await contacts.requestContactAvatarUpload(context(actor, request), params.id, body, options(actor, request, false)), (upload) => json(200, upload)),
    confirmContactAvatar: async ({ actor, params, body, ...request }) =>
      contactAnswer(await contacts.confirmContactAvatar(context(actor, request), params.id, body.key, options(actor, request))),
    getContactTimeline: async ({ actor, params, query }) => json(200, await inQuery(() => queries.contactTimeline(actor, params.id, query))),
    getContactHistory: async ({ actor, params }) => json(200, await contacts.contactHistory(actor, params.id)),
    listContacts: async ({ actor, query }) => json(200, await inQuery(() => queries.listContacts(actor, query))),
    bulkUpdateContacts: async ({ actor, body, ...request }) =>
      bulkAnswer(await contacts.bulkUpdateContacts(context(actor, request), body.ids, body.action, options(actor, request, false))),
  };
};
