import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JobView } from '../../src/service/types.ts';
import { makeClip } from '../helpers/clips.ts';
import { until } from '../helpers/proc.ts';
import { listFiles, probeOutput } from '../integration/helpers/media.ts';
import { startTestCoordinator } from './helpers/coordinator.ts';
import { REDIS_SERVER, SKIP_REASON } from './helpers/redis.ts';
import { clusterScene } from './helpers/scene.ts';
import { startWorkerProcess } from './helpers/workers.ts';

if (!REDIS_SERVER) console.warn(SKIP_REASON);

describe.skipIf(!REDIS_SERVER)('cluster: a burst shared by two worker processes', () => {
  const scene = clusterScene();
  const workers = scene.workers;

  it('gives each of 10 clips exactly one verified output, and both workers encode some', async () => {
    const { redis, dir } = await scene.start('bvp-cluster-burst-');
    const sources = await Promise.all(
      Array.from({ length: 10 }, (_, i) => makeClip(dir.join('staging', `clip ${i} é.mov`), { seconds: 2 })),
    );
    workers.push(startWorkerProcess(redis.url, 'w1'), startWorkerProcess(redis.url, 'w2'));
    const coordinator = scene.adopt(await startTestCoordinator(dir, redis.url));
    await coordinator.waitReady(['w1', 'w2']);

    const jobs: JobView[] = [];
    for (const source of sources)
      jobs.push(await coordinator.app.service.submit({ source, profile: 'live-h264' }));
    const c = coordinator;
    await until(
      () => c.ofType('job.completed').length + c.ofType('job.failed').length >= 10,
      '10 jobs finished',
      120_000,
      50,
    );

    expect(c.ofType('job.failed').map((e) => JSON.stringify(e.data))).toEqual([]);
    const done = jobs.map((j) => c.app.service.getJob(j.id));
    expect(done.map((j) => j.status)).toEqual(Array(10).fill('completed'));
    const outputs = done.map((j) => j.result?.outputPath ?? '');
    expect(new Set(outputs).size).toBe(10);
    for (const output of outputs) {
      expect(existsSync(output)).toBe(true);
      expect((await probeOutput(output)).durationSeconds).toBeGreaterThan(1.5);
    }
    // Exactly the ten outputs: no temp file, no second copy.
    expect(await listFiles(dir.join('output'))).toHaveLength(10);
    const encodedBy = workers.map((w) => (w.output().match(/: done in /g) ?? []).length);
    expect(encodedBy.reduce((a, b) => a + b, 0)).toBe(10);
    expect(encodedBy.every((n) => n > 0)).toBe(true);
  }, 180_000);
});
