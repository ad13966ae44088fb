import { describe, expect, it } from 'vitest';
import { makeClip } from '../helpers/clips.ts';
import { findPids, until } from '../helpers/proc.ts';
import { listFiles } from '../integration/helpers/media.ts';
import { startTestCoordinator } from './helpers/coordinator.ts';
import { REDIS_SERVER, SKIP_REASON } from './helpers/redis.ts';
import { clusterScene } from './helpers/scene.ts';
import { startWorkerProcess } from './helpers/workers.ts';

if (!REDIS_SERVER) console.warn(SKIP_REASON);

describe.skipIf(!REDIS_SERVER)('cluster: a worker killed mid-encode', () => {
  const scene = clusterScene();
  const workers = scene.workers;

  it('finishes the job on the other worker: one output, no temp file, timeline interrupted then completed', async () => {
    const { redis, dir } = await scene.start('bvp-cluster-kill-');
    const source = await makeClip(dir.join('staging', 'long take.mov'), {
      seconds: 20,
      width: 640,
      height: 360,
    });
    workers.push(startWorkerProcess(redis.url, 'w1'), startWorkerProcess(redis.url, 'w2'));
    const coordinator = scene.adopt(await startTestCoordinator(dir, redis.url));
    const c = coordinator;
    await c.waitReady(['w1', 'w2']);

    const job = await c.app.service.submit({ source, profile: 'live-h264' });
    // Mid-encode: progress has arrived, and a worker says (in its heartbeat) that it holds the job.
    await until(() => c.ofType('job.progress').length > 0, 'progress from a worker', 60_000, 50);
    const holder = await until(
      () => c.workers().find((w) => w.jobs.length > 0),
      'a worker holding the job',
      10_000,
      50,
    );
    const victim = workers.find((w) => w.name === holder.name)!;
    const survivor = workers.find((w) => w !== victim)!;
    // The whole machine dies: the worker process and the ffmpeg it started.
    const ffmpegPids = findPids(dir.join('output'));
    expect(ffmpegPids.length).toBeGreaterThan(0);
    victim.proc.kill('SIGKILL');
    for (const pid of ffmpegPids) process.kill(pid, 'SIGKILL');
    await victim.proc;

    await until(
      () => ['completed', 'failed'].includes(c.app.service.getJob(job.id).status),
      'the job to finish on the other worker',
      120_000,
      100,
    );
    const done = c.app.service.getJob(job.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe('completed');
    const types = done.timeline.map((e) => e.type);
    expect(types.indexOf('interrupted')).toBeGreaterThan(-1);
    expect(types.lastIndexOf('completed')).toBeGreaterThan(types.indexOf('interrupted'));
    expect(await listFiles(dir.join('output'))).toEqual(['long take.mp4']);
    expect(survivor.output()).toMatch(/: done in /);
    expect(c.ofType('worker.lost').map((e) => e.data.worker.name)).toContain(victim.name);
  }, 240_000);
});
