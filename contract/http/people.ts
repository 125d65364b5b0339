import { z } from 'zod';
import { roles } from '../../domain/shared/actor.ts';
import { Cursor, Limit, RecordId } from './common.ts';

/**
 * Users and groups on the wire. Locale, timezone and e-mail are plain strings here on purpose: the
 * domain checks them and answers 422 naming the field (a value the domain refuses), while a wrong
 * JSON type stays a 400.
 */

const Role = z.enum(roles);

export const RegisterUserBody = z
  .strictObject({
    name: z.string().max(500),
    email: z.string().max(500),
    timezone: z.string().max(100).meta({ description: 'IANA time zone, e.g. Europe/Rome' }),
    locale: z.string().max(10).meta({ description: 'it, en, pl or hu' }),
    role: Role,
  })
  .meta({ id: 'RegisterUserBody' });

export const UpdateUserBody = z
  .strictObject({
    name: z.string().max(500).optional(),
    email: z.string().max(500).optional(),
    timezone: z.string().max(100).optional(),
    locale: z.string().max(10).optional(),
    role: Role.optional(),
    active: z.boolean().optional().meta({ description: 'false deactivates the user, true reactivates them' }),
  })
  .meta({ id: 'UpdateUserBody' });

export const UserView = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    timezone: z.string(),
    locale: z.string(),
    role: Role,
    active: z.boolean(),
    registeredAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.number().int(),
  })
  .meta({ id: 'User' });

const MemberIds = z.array(RecordId).max(500);

export const CreateGroupBody = z
  .strictObject({ name: z.string().max(500), members: MemberIds.optional() })
  .meta({ id: 'CreateGroupBody' });

export const UpdateGroupBody = z
  .strictObject({ name: z.string().max(500).optional(), addMembers: MemberIds.optional(), removeMembers: MemberIds.optional() })
  .meta({ id: 'UpdateGroupBody' });

export const GroupView = z
  .object({
    id: z.string(),
    name: z.string(),
    members: z.array(z.string()),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.number().int(),
  })
  .meta({ id: 'Group' });

export const PeopleListQuery = z.strictObject({ limit: Limit, cursor: Cursor });
