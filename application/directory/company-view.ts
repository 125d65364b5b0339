import type { Company, CompanyCommand, SetChange } from '../../domain/directory/company.ts';
import { canSeeOwned } from '../../domain/directory/company-policy.ts';
import { companyDecider } from '../../domain/directory/company.ts';
import type { RecordReader } from '../shared/record-reads.ts';
import type { DirectorySettings } from '../../domain/directory/directory-settings.ts';

/** As its readers see it (the API, the import's matching), a company is flat: its profile fields next to code, ownership and status. */
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

/** The profile fields a command gives (sets whole or as `{ add, remove }`). */
export type CompanyProfileInput = NonNullable<UpdateData['profile']>;

/** A change of a company: the fields given are changed, `null` clears. */
export type UpdateCompanyInput = CompanyProfileInput & {
  readonly responsibleUserId?: string | null | undefined;
  readonly accountManagers?: SetChange | undefined;
  readonly status?: string | null | undefined;
  /** Keys given are set; `null` clears. */
  readonly customFields?: Readonly<Record<string, unknown>> | undefined;
};

/** A company to register: a legal name, and whole sets. */
export type RegisterCompanyInput = Omit<UpdateCompanyInput, 'accountManagers' | 'aliases' | 'categories' | 'segments' | 'tags'> & {
  readonly legalName: string;
  readonly aliases?: readonly string[] | undefined;
  readonly categories?: readonly string[] | undefined;
  readonly segments?: readonly string[] | undefined;
  readonly tags?: readonly string[] | undefined;
  readonly accountManagers?: readonly string[] | undefined;
};

/** Splits an input into the profile part and ownership/status, as the decider takes them. */
export const updateFromBody = (body: UpdateCompanyInput | RegisterCompanyInput, settings: DirectorySettings): UpdateData => {
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
