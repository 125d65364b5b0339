import { emptyCompanyProfile, type Company } from '../../domain/directory/company.ts';

/** A company as a decider that links to one reads it: an empty profile but for what the test sets. */
export const companyFixture = (
  id: string,
  overrides: { code?: string; profile?: Partial<Company['profile']>; at?: string } & Partial<Pick<Company, 'responsibleUserId' | 'accountManagers'>> = {},
): Company => {
  const { code = 'C000001', profile = {}, at = '2026-03-10T09:00:00.000Z', ...ownership } = overrides;
  return {
    id,
    code,
    profile: { ...emptyCompanyProfile, legalName: `Company ${id}`, ...profile },
    responsibleUserId: null,
    accountManagers: [],
    status: null,
    customFields: {},
    noteCount: 0,
    createdBy: 'olga',
    createdAt: at,
    updatedAt: at,
    ...ownership,
  };
};
