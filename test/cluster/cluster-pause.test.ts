import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeClip } from '../helpers/clips.ts';
import { findPids, isAlive, processState, until } from '../helpers/proc.ts';
import { listFiles } from '../integration/helpers/media.ts';
import { startTestCoordinator } from './helpers/coordinator.ts';
import { REDIS_SERVER, SKIP_REASON } from './helpers/redis.ts';
import { clusterScene } from './helpers/scene.ts';
import { startWorkerProcess } from './helpers/workers.ts';

if (!REDIS_SERVER) console.warn(SKIP_REASON);

// /proc is how the test sees the remote ffmpeg's real state; macOS has no /proc (ps -o stat= would do there).
const LINUX = process.platform === 'linux';

describe.skipIf(!REDIS_SERVER || !LINUX)('cluster: pause, resume and cancel of a job on a worker', () => {
  const scene = clusterScene();
  const workers = scene.workers;

  it('stops the remote ffmpeg (state T) on pause, finishes after resume, and removes the temp file on cancel', async () => {
    const { redis, dir } = await scene.start('bvp-cluster-pause-');
    const [first, second] = await Promise.all(
      ['first take.mov', 'second take.mov'].map((name) =>
        makeClip(dir.join('staging', name), { seconds: 20, width: 640, height: 360 }),
      ),
    );
    workers.push(startWorkerProcess(redis.url, 'w1'));
    const coordinator = scene.adopt(await startTestCoordinator(dir, redis.url, { concurrency: 1 }));
    const c = coordinator;
    await c.waitReady(['w1']);
    const service = c.app.service;

    // Pause and resume.
    const job = await service.submit({ source: first, profile: 'live-h264' });
    await until(() => c.ofType('job.progress').some((e) => e.data.id === job.id), 'progress', 60_000, 50);
    const temp = service.store.getJobExtras(job.id)?.tempPath ?? '';
    const [pid] = await until(
      () => findPids(path.basename(temp)).filter(isAlive),
      'the remote ffmpeg',
      10_000,
    );
    service.pauseJob(job.id);
    await until(() => processState(pid) === 'T', 'ffmpeg stopped (T)', 10_000);
    expect(service.getJob(job.id).status).toBe('paused');
    service.resumeJob(job.id);
    await until(() => processState(pid) !== 'T', 'ffmpeg continued', 10_000);
    await until(
      () => service.getJob(job.id).status === 'completed',
      'the resumed job to complete',
      120_000,
      100,
    );

    // Pause, then cancel while stopped.
    const other = await service.submit({ source: second, profile: 'live-h264' });
    await until(() => c.ofType('job.progress').some((e) => e.data.id === other.id), 'progress', 60_000, 50);
    const otherTemp = service.store.getJobExtras(other.id)?.tempPath ?? '';
    const [otherPid] = await until(
      () => findPids(path.basename(otherTemp)).filter(isAlive),
      'ffmpeg',
      10_000,
    );
    service.pauseJob(other.id);
    await until(() => processState(otherPid) === 'T', 'ffmpeg stopped (T)', 10_000);
    service.cancelJob(other.id);
    await until(() => service.getJob(other.id).status === 'cancelled', 'cancelled', 30_000, 50);
    await until(() => !isAlive(otherPid), 'the remote ffmpeg gone', 15_000);
    await until(() => !existsSync(otherTemp), 'the temp file removed', 15_000);
    expect(await listFiles(dir.join('output'))).toEqual(['first take.mp4']);
  }, 300_000);
});
