import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './helpers/harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('PUT /queue/concurrency follows the OpenAPI document', () => {
  it('takes 1–64 and answers 422 outside it', async () => {
    h = await createHarness();
    const server = await h.listen();
    const put = (value: unknown) =>
      fetch(`${server.url}/api/v1/queue/concurrency`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ value }),
      });
    for (const value of [17, 64]) {
      const res = await put(value);
      expect(res.status, String(value)).toBe(200);
      expect(h.service.queue().concurrency).toBe(value);
    }
    for (const value of [0, 65, 2.5]) {
      const res = await put(value);
      expect(res.status, String(value)).toBe(422);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('request.invalid');
    }
    const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, { put: { requestBody: unknown; responses: Record<string, unknown> } }>;
    };
    const op = doc.paths['/api/v1/queue/concurrency']!.put;
    expect(JSON.stringify(op.requestBody)).toContain('"maximum":64');
    expect(Object.keys(op.responses)).toContain('422');
  });
});
