import type { z } from 'zod';
import type { ContactBulkAction } from '../../../contract/http/contacts.ts';
import type { ContactCommand } from '../../../domain/directory/contact.ts';
import type { DirectorySettings } from '../../../domain/directory/directory-settings.ts';

type Action = z.output<typeof ContactBulkAction>;

/** The update a bulk action stands for, on one contact. */
export const contactBulkUpdate = (action: Action, settings: DirectorySettings): ContactCommand => {
  const data = ((): Extract<ContactCommand, { type: 'UpdateContact' }>['data'] => {
    switch (action.type) {
      case 'setStage':
        return { profile: { stage: action.stage } };
      case 'addTag':
        return { profile: { tags: { add: [action.tag] } } };
      case 'removeTag':
        return { profile: { tags: { remove: [action.tag] } } };
      case 'addManager':
        return { accountManagers: { add: [action.userId] } };
      case 'removeManager':
        return { accountManagers: { remove: [action.userId] } };
    }
  })();
  return { type: 'UpdateContact', data: { ...data, settings } };
};
