import type { PeopleOfRecord } from '../../domain/access/people.ts';
import type { CompanyState } from '../../domain/directory/company.ts';
import type { ContactState } from '../../domain/directory/contact.ts';
import type { LeadState } from '../../domain/directory/lead-state.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { refuseUnknownUsers, type NamedUsers } from '../shared/user-references.ts';

/**
 * The users a directory record names — responsible user, account managers, lead owner — checked when
 * a command gives the record new ones (create, PATCH, bulk, import rows alike: `runCommand`'s
 * `checkReferences` compares the state before and after). An unknown user would drop the record out
 * of everyone's "mine" and hide it from restricted users.
 */
const companyUsers = (company: CompanyState): NamedUsers[] =>
  company === null
    ? []
    : [
        { path: 'responsibleUserId', ids: [company.responsibleUserId] },
        { path: 'accountManagers', ids: company.accountManagers },
      ];

const contactUsers = (contact: ContactState): NamedUsers[] => (contact === null ? [] : [{ path: 'accountManagers', ids: contact.accountManagers }]);

const leadUsers = (lead: LeadState): NamedUsers[] => (lead === null ? [] : [{ path: 'ownerId', ids: [lead.ownerId] }]);

export const companyUserCheck = (people: () => PeopleOfRecord) => (actor: Actor, before: CompanyState, after: CompanyState) =>
  refuseUnknownUsers(people(), actor, companyUsers(before), companyUsers(after));

export const contactUserCheck = (people: () => PeopleOfRecord) => (actor: Actor, before: ContactState, after: ContactState) =>
  refuseUnknownUsers(people(), actor, contactUsers(before), contactUsers(after));

export const leadUserCheck = (people: () => PeopleOfRecord) => (actor: Actor, before: LeadState, after: LeadState) =>
  refuseUnknownUsers(people(), actor, leadUsers(before), leadUsers(after));
