import { describe, expect, it } from 'vitest';
import type { JobView } from '../../src/service/types.ts';
import { makeClip } from '../helpers/clips.ts';
import { until } from '../helpers/proc.ts';
import { listFiles } from '../integration/helpers/media.ts';
import { startTestCoordinator } from './helpers/coordinator.ts';
import { REDIS_SERVER, SKIP_REASON, type TestRedis } from './helpers/redis.ts';
import { clusterScene } from './helpers/scene.ts';
import { startWorkerProcess } from './helpers/workers.ts';

if (!REDIS_SERVER) console.warn(SKIP_REASON);

const COUNT = 6;

describe.skipIf(!REDIS_SERVER)('cluster: Redis loses the queue mid-burst', () => {
  const scene = clusterScene();
  const workers = scene.workers;

  const burst = async (loseQueue: (redis: TestRedis) => Promise<void>) => {
    const { redis, dir } = await scene.start('bvp-cluster-redis-');
    const sources = await Promise.all(
      Array.from({ length: COUNT }, (_, i) =>
        makeClip(dir.join('staging', `take ${i}.mov`), { seconds: 8, width: 480, height: 270 }),
      ),
    );
    workers.push(startWorkerProcess(redis.url, 'w1'), startWorkerProcess(redis.url, 'w2'));
    const coordinator = scene.adopt(await startTestCoordinator(dir, redis.url));
    const c = coordinator;
    await c.waitReady(['w1', 'w2']);
    const jobs: JobView[] = [];
    for (const source of sources) jobs.push(await c.app.service.submit({ source, profile: 'live-h264' }));
    await until(() => c.ofType('job.progress').length > 0, 'the burst under way', 60_000, 50);
    await loseQueue(redis);

    const finished = () => c.ofType('job.completed').length + c.ofType('job.failed').length;
    await until(() => finished() >= COUNT, `${COUNT} jobs finished`, 240_000, 100);
    expect(c.ofType('job.failed').map((e) => JSON.stringify(e.data))).toEqual([]);
    // Completed exactly once each: one completed event per job, one output per source.
    expect(
      c
        .ofType('job.completed')
        .map((e) => e.data.id)
        .sort(),
    ).toEqual(jobs.map((j) => j.id).sort());
    expect(jobs.map((j) => c.app.service.getJob(j.id).status)).toEqual(Array(COUNT).fill('completed'));
    expect(await listFiles(dir.join('output'))).toEqual(sources.map((_, i) => `take ${i}.mp4`).sort());
  };

  it('FLUSHALL: the coordinator queues again what its store says is running; every job completes once', async () => {
    await burst(async (r) => {
      await r.client().flushall();
    });
  }, 360_000);

  it('a Redis restart without persistence: every job still completes exactly once', async () => {
    await burst(async (r) => {
      await r.stop();
      await r.restart();
    });
  }, 360_000);
});
