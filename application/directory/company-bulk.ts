import type { CompanyCommand } from '../../domain/directory/company.ts';
import type { CompanyProfile } from '../../events/directory/company-events.ts';
import type { DirectorySettings } from '../../domain/directory/directory-settings.ts';

/** One change applied to every company of a bulk update. */
export type CompanyBulkAction =
  | { readonly type: 'setStatus'; readonly status: string | null }
  | { readonly type: 'setKind'; readonly kind: CompanyProfile['kind'] }
  | { readonly type: 'addTag' | 'removeTag'; readonly tag: string }
  | { readonly type: 'setResponsible'; readonly userId: string | null }
  | { readonly type: 'addManager' | 'removeManager'; readonly userId: string };

type Action = CompanyBulkAction;

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
