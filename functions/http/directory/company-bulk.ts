import type { z } from 'zod';
import type { CompanyBulkAction } from '../../../contract/http/companies.ts';
import type { CompanyCommand } from '../../../domain/directory/company.ts';
import type { DirectorySettings } from '../../../domain/directory/directory-settings.ts';

type Action = z.output<typeof CompanyBulkAction>;

/** The update a bulk action stands for, on one company. */
export const bulkUpdate = (action: Action, settings: DirectorySettings): CompanyCommand => {
  const data = ((): Extract<CompanyCommand, { type: 'UpdateCompany' }>['data'] => {
    switch (action.type) {
      case 'setStatus':
        return { status: action.status };
      case 'setKind':
        return { profile: { kind: action.kind } };
      case 'addTag':
        return { profile: { tags: { add: [action.tag] } } };
      case 'removeTag':
        return { profile: { tags: { remove: [action.tag] } } };
      case 'setResponsible':
        return { responsibleUserId: action.userId };
      case 'addManager':
        return { accountManagers: { add: [action.userId] } };
      case 'removeManager':
        return { accountManagers: { remove: [action.userId] } };
    }
  })();
  return { type: 'UpdateCompany', data: { ...data, settings } };
};
