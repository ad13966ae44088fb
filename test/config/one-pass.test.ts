import { describe, expect, it } from 'vitest';
import { validateConfigText } from '../../src/config/index.ts';

describe('config validation reports every problem in one pass', () => {
  it('lists folder and API problems even when the shape is invalid, and every unknown key of a mapping', () => {
    const text = `watch:
  - path: ./show
    profile: live-qlab
  - path: ./show/inner
    profile: live-qlab
concurency: 2
bogus: 1
stall_seconds: 1
api:
  host: 0.0.0.0
`;
    const result = validateConfigText(text, { file: '/show/bvp.yaml' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['concurency', 'bogus', 'stall_seconds', 'api.host']));
    expect(result.issues.find((i) => i.path === 'concurency')!.message).toContain(
      'did you mean "concurrency"',
    );
    expect(result.issues.some((i) => /seen twice/.test(i.message))).toBe(true);
  });

  it('a document far larger than a config is refused before it is parsed', () => {
    const text = `watch: [{ path: ./w, profile: live-qlab }]\n${'# x\n'.repeat(20_000)}`;
    const result = validateConfigText(text, { file: '/show/bvp.yaml' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]!.message).toMatch(/lines and list items/);
    const deep = `watch: ${'['.repeat(100)}${']'.repeat(100)}\n`;
    const nested = validateConfigText(deep, { file: '/show/bvp.yaml' });
    expect(nested.ok || nested.issues[0]!.message).toMatch(/deeper than 32 levels/);
  });

  it('numbers outside their bounds and paths that are not UTF-8 are refused', () => {
    const text = `watch:
  - path: ./watch
    profile: live-qlab
output: "./out\\uFFFD"
shutdown_grace_seconds: 1e308
api:
  body_limit: 99999999999999999999gb
`;
    const result = validateConfigText(text, { file: '/show/bvp.yaml' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['output', 'shutdown_grace_seconds', 'api.body_limit']));
  });
});
