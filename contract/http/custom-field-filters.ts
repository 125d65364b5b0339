import { z } from 'zod';
import { customFieldParameter } from '../../projections/directory/custom-field-attributes.ts';

/**
 * Lists filter on the tenant's custom fields with `?cf.<key>=<value>` (the Polish seed filters contacts
 * on "custom fields"). The keys are the tenant's, so they cannot be listed in the schema: a list query
 * accepts any `cf.<key>` next to its declared parameters and refuses every other unknown one (400), as
 * a strict object would.
 */
export const withCustomFieldFilters = <Shape extends z.ZodRawShape>(shape: Shape): z.ZodObject<Shape> =>
  // Typed as the declared object: the list queries read the `cf.` parameters through `customFieldFilterValues`
  // (projections/directory/custom-field-attributes.ts).
  z
    .object(shape)
    .catchall(z.string().trim().min(1).max(200).describe('`cf.<key>`: records whose custom field `<key>` is (or, for a multichoice, contains) the value'))
    .superRefine((query, context) => {
      for (const name of Object.keys(query)) {
        if (!(name in shape) && !customFieldParameter.test(name)) {
          context.addIssue({ code: 'custom', path: [name], message: 'unknown query parameter (custom-field filters are cf.<key>)' });
        }
      }
    }) as unknown as z.ZodObject<Shape>;
