import type { UploadedObject } from '../../domain/directory/contact-avatar.ts';

/** How long a client has to start an upload, and how long a picture link works. */
export const uploadUrlSeconds = 5 * 60;
export const downloadUrlSeconds = 15 * 60;

/**
 * Contacts' pictures, reached by clients only through presigned URLs (adapters/s3/avatar-storage.ts
 * implements it on the private drop bucket).
 */
export interface AvatarStorage {
  /** A presigned PUT bound to the content type and exact size the client declared. */
  uploadUrl(key: string, contentType: string, size: number): Promise<string>;
  /** A short-lived presigned GET. */
  downloadUrl(key: string): Promise<string>;
  /** What is stored under `key` (HEAD), or null when nothing is. */
  head(key: string): Promise<UploadedObject | null>;
}
