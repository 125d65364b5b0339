import { openApiDocument } from '../../contract/openapi.ts';
import { renderDocsPage } from './docs-page.ts';
import { httpFunction } from './http-function.ts';
import { json } from './responses.ts';
import type { Operations } from './router.ts';

/** Built once per container: the document is a pure function of contract/routes.ts. */
let cached: { document: ReturnType<typeof openApiDocument>; page: string } | undefined;
const documents = () => {
  if (!cached) {
    const document = openApiDocument();
    cached = { document, page: renderDocsPage(document) };
  }
  return cached;
};

export const metaOperations: Operations<'metaApi'> = {
  health: async () => json(200, { status: 'ok' }),
  openapi: async () => json(200, documents().document, { 'cache-control': 'public, max-age=300' }),
  docs: async () => ({
    statusCode: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'",
    },
    body: documents().page,
  }),
};

export const handler = httpFunction('metaApi', metaOperations);
