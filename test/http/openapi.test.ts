import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

interface Doc {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: unknown; security?: unknown[] }>>;
  components: { schemas: Record<string, unknown> };
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and lists exactly the routes the app serves under /api/v1', async () => {
    const res = await h.call('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Doc;
    expect(doc.openapi).toBe('3.1.0');
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, methods]) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`),
      ),
    );
    const served = new Set(
      h.app.routes
        .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/v1/'))
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    expect([...served].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !served.has(r))).toEqual([]);
    expect(served.size).toBeGreaterThanOrEqual(28);
  });

  it('describes request bodies from the valibot schemas and every $ref resolves', async () => {
    const doc = (await (await h.call('GET', '/api/v1/openapi.json')).json()) as Doc;
    const submit = doc.paths['/api/v1/jobs'].post.requestBody as {
      content: { 'application/json': { schema: { required: string[]; additionalProperties: boolean } } };
    };
    expect(submit.content['application/json'].schema).toMatchObject({
      required: ['source', 'profile'],
      additionalProperties: false,
    });
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map(
      (m) => m[1],
    );
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(doc.components.schemas, ref).toHaveProperty(ref);
    expect(doc.paths['/api/v1/health'].get.security).toEqual([]);
  });

  it('documents the inspector: the machine definitions and the /api/v1/inspect WebSocket with its query', async () => {
    const doc = (await (await h.call('GET', '/api/v1/openapi.json')).json()) as {
      paths: Record<
        string,
        Record<string, { parameters?: { name: string; in: string }[]; responses: object }>
      >;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    for (const path of ['/api/v1/machines', '/api/v1/machines/{name}', '/api/v1/machines/{name}/mermaid'])
      expect(doc.paths[path]?.get, path).toBeDefined();
    expect(doc.paths['/api/v1/machines/{name}'].get.parameters).toContainEqual(
      expect.objectContaining({ name: 'name', in: 'path' }),
    );
    const inspect = doc.paths['/api/v1/inspect'].get;
    expect(inspect.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual([
      'query:actor',
      'query:paths',
      'query:ticket',
    ]);
    expect(Object.keys(inspect.responses)).toContain('101');
    expect(doc.components.schemas.MachineDefinition.properties).toHaveProperty('hash');
    expect(JSON.stringify(doc.components.schemas.InspectMessage)).toContain('@xstate.snapshot');
  });

  it('has a docs page served from local assets only, under a strict CSP', async () => {
    const page = await h.app.request('/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    for (const asset of ['/api/docs/docs.js', '/api/docs/docs.css']) {
      expect(html).toContain(asset);
      expect((await h.app.request(asset)).status).toBe(200);
    }
    const script = await (await h.app.request('/api/docs/docs.js')).text();
    expect(script).not.toContain('innerHTML');
    expect(script).toContain('/api/v1/openapi.json');
  });
});
