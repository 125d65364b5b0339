import { z } from 'zod';

/**
 * Custom-field values as events carry them. Which keys exist and which type each has is the tenant's
 * configuration (`/v1/settings/custom-fields/{entity}`), checked by the deciders; the event only
 * fixes the shape of a value. `null` clears a field.
 */
export const CustomFieldValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).nullable();
export type CustomFieldValue = z.infer<typeof CustomFieldValue>;

export const CustomFieldChanges = z
  .record(z.string().min(1).max(64), CustomFieldValue)
  .refine((changes) => Object.keys(changes).length > 0, { message: 'at least one field changes' });

/** The values a record carries (cleared fields are absent). */
export const CustomFieldValues = z.record(z.string(), CustomFieldValue.unwrap());
