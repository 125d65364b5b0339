import type { z } from 'zod';
import type { RegisterCompanyBody, UpdateCompanyBody } from '../../../contract/http/companies.ts';
import type { Company, CompanyCommand } from '../../../domain/directory/company.ts';
import { canSeeOwned } from '../../../domain/directory/company-policy.ts';
import { companyDecider } from '../../../domain/directory/company.ts';
import type { RecordReader } from '../../../application/shared/record-reads.ts';
import type { DirectorySettings } from '../../../domain/directory/directory-settings.ts';

/** On the wire a company is flat: its profile fields next to code, ownership and status. */
export const companyView = (company: Company, version: number) => {
  const { profile, ...rest } = company;
  return { ...rest, ...profile, version };
};

export const companyListItem = (company: Company, version: number) => ({
  id: company.id,
  code: company.code,
  legalName: company.profile.legalName,
  aliases: company.profile.aliases,
  kind: company.profile.kind,
  vatNumber: company.profile.vatNumber,
  city: company.profile.addresses.find((a) => a.city)?.city ?? null,
  tags: company.profile.tags,
  status: company.status,
  responsibleUserId: company.responsibleUserId,
  accountManagers: company.accountManagers,
  updatedAt: company.updatedAt,
  version,
});

type UpdateData = Extract<CompanyCommand, { type: 'UpdateCompany' }>['data'];

/** Splits a request body into the profile part and ownership/status, as the decider takes them. */
export const updateFromBody = (
  body: z.output<typeof UpdateCompanyBody> | z.output<typeof RegisterCompanyBody>,
  settings: DirectorySettings,
): UpdateData => {
  const { responsibleUserId, accountManagers, status, customFields, ...profile } = body;
  return {
    profile,
    settings,
    ...(customFields !== undefined ? { customFields } : {}),
    ...(responsibleUserId !== undefined ? { responsibleUserId } : {}),
    ...(accountManagers !== undefined ? { accountManagers } : {}),
    ...(status !== undefined ? { status } : {}),
  };
};

export const companyReader: RecordReader<Company> = {
  aggregateType: 'company',
  decider: companyDecider as RecordReader<Company>['decider'],
  canSee: canSeeOwned,
  label: 'company',
};
