import { z } from 'zod';
import { CustomFieldValues } from '../../events/directory/custom-field-values.ts';
import { jsonDepth } from './json-depth.ts';

/**
 * A value is a scalar or a list of options (depth 1); one level more still reaches the domain, which
 * names the wrong type. Deeper is no custom-field value of any type, and is refused here (400).
 */
const maxValueDepth = 2;

/**
 * Custom-field values in a request. Values are taken as any JSON here on purpose: the tenant's
 * definitions decide what a key means and which type it has, so an unknown key or a value of the
 * wrong type is the domain's 422 naming `body.customFields.<key>`, not a schema 400.
 */
export const CustomFieldsInput = z
  .record(
    z.string().min(1).max(64),
    z.unknown().refine((value) => jsonDepth(value, maxValueDepth) <= maxValueDepth, {
      message: `nested deeper than ${maxValueDepth} levels: a value is text, a number, true or false, a date or a list of options`,
    }),
  )
  .refine((values) => Object.keys(values).length <= 100, { message: 'at most 100 custom fields' })
  .optional()
  .describe("Values of the tenant's custom fields (`/v1/settings/custom-fields/{entity}`) by key; `null` clears one");

/** Custom-field values on a record on the wire (cleared fields are absent). */
export const CustomFieldsView = CustomFieldValues.describe("Values of the tenant's custom fields by key");
