import { z } from 'zod';

/**
 * Lists filter on the tenant's custom fields with `?cf.<key>=<value>` (the Polish seed filters contacts
 * on "custom fields"). The keys are the tenant's, so they cannot be listed in the schema: a list query
 * accepts any `cf.<key>` next to its declared parameters and refuses every other unknown one (400), as
 * a strict object would.
 */
const customFieldParameter = /^cf\.([a-z][a-zA-Z0-9]{0,49})$/;

export const withCustomFieldFilters = <Shape extends z.ZodRawShape>(shape: Shape): z.ZodObject<Shape> =>
  // Typed as the declared object: handlers read the `cf.` parameters through `customFieldFilterValues`.
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

/** The `cf.<key>` parameters of a parsed list query, as `[key, value]` pairs. */
export const customFieldFilterValues = (query: Readonly<Record<string, unknown>>): [string, string][] =>
  Object.entries(query).flatMap(([name, value]) => {
    const match = customFieldParameter.exec(name);
    return match && typeof value === 'string' ? [[match[1]!, value]] : [];
  });
