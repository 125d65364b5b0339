import { describe, expect, it } from 'vitest';
import { avatarKeyPrefix, checkAvatarUpload, maxAvatarBytes } from '../../../domain/directory/contact-avatar.ts';
import { contactDecider } from '../../../domain/directory/contact.ts';
import type { Actor } from '../../../domain/shared/actor.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import type { ContactEvent } from '../../../events/directory/contact-events.ts';
import { deciderSpec, type GivenEvent } from '../../support/decider-spec.ts';

const now = '2026-03-10T09:00:00.000Z';
const olga: Actor = { tenant: 'acme', userId: 'olga', role: 'standard', groups: [] };
const rita: Actor = { tenant: 'acme', userId: 'rita', role: 'restricted', groups: [] };
const spec = deciderSpec(contactDecider, { actor: olga, now });

const profile = { firstName: 'Anna', lastName: null, position: null, stage: null, source: null, emails: [], phones: [], address: null, tags: [], avatarKey: null };
const created = (accountManagers: string[] = []): GivenEvent<ContactEvent> => ({
  type: 'ContactCreated',
  data: { contactId: 'ct-1', profile, companyId: null, accountManagers },
});
const key = `${avatarKeyPrefix('acme', 'ct-1')}a1.png`;
const change = (k: string, uploaded: { contentType: string | undefined; size: number } | null) => ({
  type: 'ChangeAvatar' as const,
  data: { key: k, uploaded },
});

describe('ChangeAvatar', () => {
  it('records the uploaded image as the contact picture', () => {
    spec
      .given([created()])
      .when(change(key, { contentType: 'image/png', size: 1234 }))
      .then([{ type: 'ContactAvatarChanged', data: { contactId: 'ct-1', key, contentType: 'image/png', size: 1234 } }])
      .andState({ profile: { avatarKey: key }, updatedAt: now });
  });

  it('changes nothing when the same picture is confirmed again', () => {
    spec
      .given([created(), { type: 'ContactAvatarChanged', data: { contactId: 'ct-1', key, contentType: 'image/png', size: 1234 } }])
      .when(change(key, { contentType: 'image/png', size: 1234 }))
      .thenNothing();
  });

  it('refuses keys outside the contact prefix, missing objects, other types and sizes', () => {
    const given = spec.given([created()]);
    given.when(change(`${avatarKeyPrefix('acme', 'ct-2')}a1.png`, { contentType: 'image/png', size: 1 })).thenThrows('invalid', { path: 'key', message: 'not an avatar upload' });
    given.when(change(`${avatarKeyPrefix('other', 'ct-1')}a1.png`, { contentType: 'image/png', size: 1 })).thenThrows('invalid', { path: 'key' });
    given.when(change(`${avatarKeyPrefix('acme', 'ct-1')}sub/a1.png`, { contentType: 'image/png', size: 1 })).thenThrows('invalid', { path: 'key' });
    given.when(change(avatarKeyPrefix('acme', 'ct-1'), { contentType: 'image/png', size: 1 })).thenThrows('invalid', { path: 'key' });
    given.when(change(key, null)).thenThrows('invalid', { path: 'key', message: 'nothing was uploaded' });
    given.when(change(key, { contentType: 'text/html', size: 10 })).thenThrows('invalid', { path: 'key', message: 'image/png' });
    given.when(change(key, { contentType: undefined, size: 10 })).thenThrows('invalid', { path: 'key' });
    given.when(change(key, { contentType: 'image/webp', size: maxAvatarBytes + 1 })).thenThrows('invalid', { path: 'key', message: 'bytes' });
    given.when(change(key, { contentType: 'image/webp', size: 0 })).thenThrows('invalid', { path: 'key' });
  });

  it('is a 404 for an unknown contact or one the actor cannot see', () => {
    spec.given([]).when(change(key, { contentType: 'image/png', size: 1 })).thenThrows('not_found');
    spec.as(rita).given([created(['olga'])]).when(change(key, { contentType: 'image/png', size: 1 })).thenThrows('not_found');
  });
});

describe('checkAvatarUpload', () => {
  it('accepts PNG, JPEG and WebP up to the limit and names the field it refuses', () => {
    expect(checkAvatarUpload('image/jpeg', maxAvatarBytes)).toBe('image/jpeg');
    const refusal = (contentType: string, size: number) => {
      try {
        checkAvatarUpload(contentType, size);
      } catch (error) {
        return (error as DomainError).issues[0]?.path;
      }
      return undefined;
    };
    expect(refusal('image/gif', 10)).toBe('contentType');
    expect(refusal('image/png', 0)).toBe('size');
    expect(refusal('image/png', maxAvatarBytes + 1)).toBe('size');
    expect(refusal('image/png', 1.5)).toBe('size');
  });
});
