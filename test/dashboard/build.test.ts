import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDashboard, findPackageRoot, sourceHash } from '../../src/dashboard/build.ts';

const ROOT = join(import.meta.dirname, '../..');

describe('dashboard build', () => {
  it('finds the package root by walking up, from a nested folder or (failing that) the working directory', () => {
    expect(findPackageRoot(join(ROOT, 'src/dashboard/client/views'))).toBe(ROOT);
    expect(findPackageRoot('/')).toBe(ROOT);
  });

  it('names the build by a hash of its sources and serves it from the cache the second time', async () => {
    const hash = await sourceHash(ROOT);
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    const first = await buildDashboard(ROOT);
    expect(first.hash).toBe(hash);
    expect(first.script).toBe(`app-${hash}.js`);
    expect(existsSync(join(ROOT, 'node_modules/.cache/bulletproof-dashboard', hash, 'manifest.json'))).toBe(
      true,
    );
    const js = first.assets.get(first.script)!;
    expect(js.type).toMatch(/^text\/javascript/);
    expect(js.gzip.length).toBeLessThan(js.body.length);
    const second = await buildDashboard(ROOT);
    expect(Buffer.from(second.assets.get(second.script)!.body).equals(Buffer.from(js.body))).toBe(true);
  });

  it("keeps the inspector's layout engine (elkjs) out of the page's script, in a chunk loaded on demand", async () => {
    const build = await buildDashboard(ROOT);
    const chunks = [...build.assets.keys()].filter((name) => name !== build.script && name.endsWith('.js'));
    const elk = chunks.find((name) => name.startsWith('elk.bundled-'));
    expect(elk, chunks.join(', ')).toBeDefined();
    const script = Buffer.from(build.assets.get(build.script)!.body).toString('utf8');
    // The page's script names the chunk (a dynamic import) but does not hold the engine.
    expect(script).toContain(elk);
    expect(script).not.toContain('org.eclipse.elk');
    expect(Buffer.from(build.assets.get(elk!)!.body).toString('utf8')).toContain('org.eclipse.elk');
    expect(build.assets.get(build.script)!.gzip.length).toBeLessThan(60 * 1024);
  });
});
