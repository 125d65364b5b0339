import { invalid } from '../shared/errors.ts';

/**
 * Contact avatars: uploaded by the client straight to the private drop bucket with a presigned URL,
 * then confirmed; the confirmation is decided on what S3 reports about the object (HEAD), passed in.
 */
export const avatarContentTypes = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type AvatarContentType = (typeof avatarContentTypes)[number];

/** 2 MiB: plenty for a profile picture, small enough to show in lists. */
export const maxAvatarBytes = 2 * 1024 * 1024;

/** Every avatar of a contact lives under its own prefix of the tenant's part of the bucket. */
export const avatarKeyPrefix = (tenant: string, contactId: string): string => `${tenant}/avatars/contacts/${contactId}/`;

const isAvatarType = (value: string | undefined): value is AvatarContentType =>
  (avatarContentTypes as readonly (string | undefined)[]).includes(value);

/** An upload request: an image type and a size within the limit (checked again on confirmation). */
export const checkAvatarUpload = (contentType: string, size: number): AvatarContentType => {
  if (!isAvatarType(contentType)) throw invalid('contentType', `must be one of ${avatarContentTypes.join(', ')}`);
  if (!Number.isSafeInteger(size) || size < 1 || size > maxAvatarBytes) throw invalid('size', `must be 1 to ${maxAvatarBytes} bytes`);
  return contentType;
};

/** What S3 reports about an uploaded object (null: there is none). */
export interface UploadedObject {
  readonly contentType: string | undefined;
  readonly size: number;
}

/** The object under `key` as an avatar of the contact: its key, type and size, or a 422 naming `key`. */
export const confirmedAvatar = (
  prefix: string,
  key: string,
  uploaded: UploadedObject | null,
): { key: string; contentType: AvatarContentType; size: number } => {
  if (!key.startsWith(prefix) || key.length === prefix.length || key.slice(prefix.length).includes('/')) {
    throw invalid('key', 'is not an avatar upload of this contact');
  }
  if (uploaded === null) throw invalid('key', 'nothing was uploaded under this key');
  if (!isAvatarType(uploaded.contentType)) throw invalid('key', `the upload must be one of ${avatarContentTypes.join(', ')}`);
  if (uploaded.size < 1 || uploaded.size > maxAvatarBytes) throw invalid('key', `the upload must be 1 to ${maxAvatarBytes} bytes`);
  return { key, contentType: uploaded.contentType, size: uploaded.size };
};
