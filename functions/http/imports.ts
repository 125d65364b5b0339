import { importLocales, type ImportLocale } from '../../domain/imports/import-fields.ts';
import { importTemplate } from '../../import/templates/import-template.ts';
import { dependenciesFromEnv, type DependencySource } from '../shared/dependencies.ts';
import { httpFunction } from './http-function.ts';
import type { Operations } from './router.ts';

const isImportLocale = (locale: string): locale is ImportLocale => (importLocales as readonly string[]).includes(locale);

export const importOperations = (dependencies: DependencySource): Operations<'importsApi'> => ({
  getImportTemplate: async ({ actor, params, query }) => {
    // An explicit `?locale=` wins (a manager preparing a file for a colleague); else the profile's.
    const profile = query.locale ? undefined : await dependencies().people.user(actor.tenant, actor.userId);
    const locale = query.locale ?? (profile && isImportLocale(profile.locale) ? profile.locale : 'en');
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${params.kind}-${locale}.csv"`,
        'content-language': locale,
        vary: 'authorization',
      },
      body: importTemplate(params.kind, locale),
    };
  },
});

export const createImportsHandler = (dependencies: DependencySource = dependenciesFromEnv) =>
  httpFunction('importsApi', importOperations(dependencies));

export const handler = createImportsHandler();
