import type { DirectorySettings } from '../../domain/directory/directory-settings.ts';
import type { LeadCommand } from '../../domain/directory/lead.ts';

/** One change applied to every lead of a bulk update. */
export type LeadBulkAction =
  | { readonly type: 'setStage'; readonly stage: string | null }
  | { readonly type: 'addTag' | 'removeTag'; readonly tag: string }
  | { readonly type: 'setOwner'; readonly userId: string | null };

type Action = LeadBulkAction;

/** The update a bulk action stands for, on one lead. */
export const leadBulkUpdate = (action: Action, settings: DirectorySettings): LeadCommand => {
  const data = ((): Extract<LeadCommand, { type: 'UpdateLead' }>['data'] => {
    switch (action.type) {
      case 'setStage':
        return { stage: action.stage };
      case 'addTag':
        return { profile: { tags: { add: [action.tag] } } };
      case 'removeTag':
        return { profile: { tags: { remove: [action.tag] } } };
      case 'setOwner':
        return { ownerId: action.userId };
    }
  })();
  return { type: 'UpdateLead', data: { ...data, settings } };
};
