import { Hono } from 'hono';
import { DOCS_CSS, DOCS_HTML, DOCS_JS } from '../docs/assets.ts';
import { buildOpenApiDocument } from '../openapi/document.ts';

/** Allows only this page's own script and stylesheet and fetches to this server. */
const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; base-uri 'none'";

/** GET /api/v1/openapi.json and the docs page at /api/docs, both open (the API's shape is not a secret). */
export function createDocsRoutes(version: string): Hono {
  const r = new Hono();
  const document = buildOpenApiDocument(version);
  const asset = (body: string, type: string) => () =>
    new Response(body, {
      headers: { 'content-type': `${type}; charset=UTF-8`, 'content-security-policy': DOCS_CSP },
    });

  r.get('/api/v1/openapi.json', (c) => c.json(document));
  r.get('/api/docs', asset(DOCS_HTML, 'text/html'));
  r.get('/api/docs/docs.js', asset(DOCS_JS, 'text/javascript'));
  r.get('/api/docs/docs.css', asset(DOCS_CSS, 'text/css'));
  return r;
}
