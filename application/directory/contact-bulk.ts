import type { ContactCommand } from '../../domain/directory/contact.ts';
import type { DirectorySettings } from '../../domain/directory/directory-settings.ts';

/** One change applied to every contact of a bulk update. */
export type ContactBulkAction =
  | { readonly type: 'setStage'; readonly stage: string | null }
  | { readonly type: 'addTag' | 'removeTag'; readonly tag: string }
  | { readonly type: 'addManager' | 'removeManager'; readonly userId: string };

type Action = ContactBulkAction;

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
