import type { z } from 'zod';
import type { LeadBulkAction } from '../../../contract/http/leads.ts';
import type { DirectorySettings } from '../../../domain/directory/directory-settings.ts';
import type { LeadCommand } from '../../../domain/directory/lead.ts';

type Action = z.output<typeof LeadBulkAction>;

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
