import { readdir, readFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { type Bulletproof, startBulletproof } from '../../src/app.ts';
import { startHttpServer } from '../../src/runtime/node.ts';
import type { ServiceEvent } from '../../src/service/types.ts';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';

const TOKEN = 'live-token-0123456789abcdef';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function configText(api: string, concurrency = 1): string {
  return `# Operator's config: this comment must survive.
watch:
  - path: ./watch # drop folder
    profile: live-qlab
    stable_seconds: 1
output: ./output
data: ./data
concurrency: ${concurrency}
api:
${api}`;
}

interface Running {
  dir: TempDir;
  file: string;
  app: Bulletproof;
  url: string;
  events: ServiceEvent[];
}

/** The real composition root with the config watcher on, serving over HTTP on `bindHost`. */
async function start(text: string, bindHost = '127.0.0.1'): Promise<Running> {
  const dir = await makeTempDir('bvp-config-live-');
  cleanups.push(() => dir.cleanup());
  const file = dir.join('bvp.yaml');
  await writeFile(file, text);
  const app = await startBulletproof({
    configFile: file,
    port: 0,
    watchConfig: true,
    log: () => {},
    startHttp: (options) => startHttpServer({ ...options, host: bindHost }),
  });
  cleanups.push(() => app.stop());
  const events: ServiceEvent[] = [];
  app.service.subscribe((event) => events.push(event));
  return { dir, file, app, url: app.http!.url, events };
}

const json = (body: unknown, token?: string) => ({
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: JSON.stringify(body),
});
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await settle(25);
  }
}

describe('config edits on the running service (config watcher on)', () => {
  it('one PATCH gives exactly one apply and one config.updated', async () => {
    const s = await start(configText('  host: 127.0.0.1\n  port: 8080\n'));
    const res = await fetch(`${s.url}/api/v1/config`, { method: 'PATCH', ...json({ concurrency: 2 }) });
    expect(res.status).toBe(200);
    // Longer than the watcher's debounce, so a second reload of our own write would have happened by now.
    await settle(1000);
    expect(s.events.filter((e) => e.type === 'config.updated')).toHaveLength(1);
    expect(s.app.config().concurrency).toBe(2);
    expect(await readFile(s.file, 'utf8')).toContain("# Operator's config: this comment must survive.");
  });

  it("an operator's save 100 ms after an API edit is what runs", async () => {
    const s = await start(configText('  host: 127.0.0.1\n  port: 8080\n'));
    const res = await fetch(`${s.url}/api/v1/config`, { method: 'PATCH', ...json({ concurrency: 2 }) });
    expect(res.status).toBe(200);
    await settle(100);
    const operator = configText('  host: 127.0.0.1\n  port: 8080\n', 3);
    await writeFile(s.file, operator);
    await until(() => s.app.config().concurrency === 3);
    await settle(500);
    expect(await readFile(s.file, 'utf8')).toBe(operator);
    expect(s.app.config().concurrency).toBe(3);
    expect(s.app.service.queue().concurrency).toBe(3);
  });

  it('GET /config shows the address the server really listens on', async () => {
    const s = await start(configText('  host: 127.0.0.1\n  port: 8080\n'));
    const view = (await (await fetch(`${s.url}/api/v1/config`)).json()) as {
      api: { port: number };
      listening: { host: string; port: number };
    };
    expect(view.listening).toEqual({ host: '127.0.0.1', port: s.app.http!.port });
    expect(view.api.port).toBe(8080);
  });

  it('removing the token keeps unauthenticated requests at 401 until a restart', async () => {
    // The file asks for every interface; the test binds 127.0.0.2 (a loopback address other than the default).
    const s = await start(configText(`  host: 0.0.0.0\n  port: 8080\n  token: ${TOKEN}\n`), '127.0.0.2');
    expect((await fetch(`${s.url}/api/v1/queue`)).status).toBe(401);
    const res = await fetch(`${s.url}/api/v1/config`, {
      method: 'PATCH',
      ...json({ api: { host: '127.0.0.2', token: null } }, TOKEN),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { restartRequired: string[] };
    expect(body.restartRequired).toEqual(expect.arrayContaining(['api.host', 'api.token']));
    expect(s.app.config().api.token).toBeNull();
    expect((await fetch(`${s.url}/api/v1/queue`)).status).toBe(401);
    expect(
      (await fetch(`${s.url}/api/v1/queue`, { headers: { authorization: `Bearer ${TOKEN}` } })).status,
    ).toBe(200);
    // An operator's save removing it is held back the same way.
    await writeFile(s.file, configText('  host: 127.0.0.2\n  port: 8080\n', 2));
    await until(() => s.app.config().concurrency === 2);
    expect((await fetch(`${s.url}/api/v1/queue`)).status).toBe(401);
  });

  it('a config temp file left by a killed write is removed at boot', async () => {
    const dir = await makeTempDir('bvp-config-temp-');
    cleanups.push(() => dir.cleanup());
    const file = dir.join('bvp.yaml');
    await writeFile(file, configText('  host: 127.0.0.1\n  port: 8080\n'));
    await writeFile(dir.join('.bvp.yaml.bvp-tmp-999999-deadbeef'), 'half a config');
    const app = await startBulletproof({ configFile: file, watchConfig: false, log: () => {} });
    cleanups.push(() => app.stop());
    expect((await readdir(dir.path)).filter((name) => name.includes('bvp-tmp'))).toEqual([]);
  });
});
