import { symlink } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { makeClip } from '../helpers/clips.ts';
import { until } from '../helpers/proc.ts';
import { listFiles } from '../integration/helpers/media.ts';
import { startTestCoordinator } from './helpers/coordinator.ts';
import { REDIS_SERVER, SKIP_REASON } from './helpers/redis.ts';
import { clusterScene } from './helpers/scene.ts';
import { startWorkerProcess } from './helpers/workers.ts';

if (!REDIS_SERVER) console.warn(SKIP_REASON);

describe.skipIf(!REDIS_SERVER)('cluster: the path-map preflight', () => {
  const scene = clusterScene();
  const workers = scene.workers;

  it('refuses a worker whose map is wrong, naming the folder and the worker, and gives it no work', async () => {
    const { redis, dir } = await scene.start('bvp-cluster-preflight-');
    // The good worker sees the whole folder under another name, as a share mounted elsewhere would be.
    await symlink(dir.path, dir.join('mounted elsewhere'));
    const sources = await Promise.all(
      [0, 1, 2].map((i) => makeClip(dir.join('staging', `cue ${i} "é".mov`), { seconds: 1 })),
    );
    workers.push(
      startWorkerProcess(redis.url, 'good', ['--path-map', `${dir.path}=${dir.join('mounted elsewhere')}`]),
      startWorkerProcess(redis.url, 'bad', ['--path-map', `${dir.path}=/nonexistent/show`]),
    );
    const coordinator = scene.adopt(await startTestCoordinator(dir, redis.url));
    const c = coordinator;
    await c.waitReady(['good']);
    const bad = await until(
      () => c.workers().find((w) => w.name === 'bad' && w.state === 'refused'),
      'bad refused',
    );
    const messages = bad.preflight?.failures.map((f) => f.message) ?? [];
    expect(messages).toContain(
      `worker "bad" cannot read the probe file (ENOENT) in ${dir.join('watch')} (mapped to /nonexistent/show/watch)`,
    );
    expect(messages.some((m) => m.includes(dir.join('output')))).toBe(true);
    expect(c.logs.join('\n')).toMatch(
      /preflight failed: worker "bad" cannot read .* it gets no work until fixed/,
    );

    for (const source of sources) await c.app.service.submit({ source, profile: 'live-h264' });
    await until(() => c.ofType('job.completed').length === 3, 'three jobs completed', 120_000, 50);
    expect(c.ofType('job.failed')).toEqual([]);
    expect(await listFiles(dir.join('output'))).toHaveLength(3);
    expect(workers[0].output().match(/: done in /g)).toHaveLength(3);
    expect(workers[1].output()).not.toMatch(/: done in |taking jobs/);
    expect(workers[1].output()).toMatch(/preflight: worker "bad" cannot read/);
    // The probe files are gone again (hidden names, never ingested).
    expect(await listFiles(dir.join('watch'))).toEqual([]);
  }, 240_000);
});
