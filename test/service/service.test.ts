import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { serviceFactory, waitForEvent } from '../helpers/service.ts';

let dir: TempDir;
let clip: string;
const services = serviceFactory(() => dir);
const start = services.start;
const waitFor = waitForEvent;

beforeAll(async () => {
  dir = await makeTempDir('bvp-service-');
  clip = await makeClip(dir.join('clip.mov'), { seconds: 2 });
  return () => dir.cleanup();
});
afterEach(() => services.stopAll());

describe('service', () => {
  it('runs a submitted job to a verified output and streams its events in order', async () => {
    const service = start('basic');
    const types: string[] = [];
    service.subscribe((e) => types.push(e.type));
    const done = waitFor(service, (e) => e.type === 'job.completed');
    const job = await service.submit({ source: clip, profile: 'live-qlab' });
    await done;
    const detail = service.getJob(job.id);
    expect(detail.status).toBe('completed');
    expect(detail.outputPath).toBe(dir.join('out-basic/clip.mov'));
    expect((await stat(detail.outputPath)).size).toBeGreaterThan(0);
    expect(detail.timeline.map((t) => t.type)).toEqual(
      expect.arrayContaining(['created', 'started', 'verified', 'completed']),
    );
    const relevant = types.filter((t) => ['job.queued', 'job.started', 'job.completed'].includes(t));
    expect(relevant).toEqual(['job.queued', 'job.started', 'job.completed']);
    expect(types.indexOf('job.progress')).toBeGreaterThan(types.indexOf('job.started'));
    expect(service.history({}).items.map((j) => j.id)).toEqual([job.id]);
  });

  it('refuses what a job state does not accept, reporting instead of throwing inside the actor', async () => {
    const service = start('refusals');
    const done = waitFor(service, (e) => e.type === 'job.completed');
    const job = await service.submit({ source: clip, profile: 'audio-qlab' });
    await expect(service.submit({ source: clip, profile: 'audio-qlab' })).rejects.toMatchObject({
      code: 'job.duplicate',
    });
    await done;
    expect(() => service.pauseJob(job.id)).toThrow(expect.objectContaining({ code: 'job.state' }));
    expect(() => service.cancelJob('nope')).toThrow(expect.objectContaining({ code: 'job.not_found' }));
    expect(() => service.retryJob(job.id)).toThrow(expect.objectContaining({ code: 'job.state' }));
    const rerun = waitFor(service, (e) => e.type === 'job.completed');
    const again = service.retryJob(job.id, { rerun: true });
    expect(again.id).toBe(job.id);
    expect(again.attempts).toBe(2);
    await rerun;
    expect(service.getJob(job.id).status).toBe('completed');
    expect(service.isHealthy()).toBe(true);
  });

  it('rejects an unknown profile and a missing source with precise errors, creating nothing', async () => {
    const service = start('bad-input');
    await expect(service.submit({ source: clip, profile: 'nope' })).rejects.toMatchObject({
      code: 'profile.unknown',
    });
    await expect(
      service.submit({ source: dir.join('missing.mov'), profile: 'live-qlab' }),
    ).rejects.toMatchObject({
      code: 'input.missing',
    });
    expect(service.queue().jobs).toEqual([]);
    expect(service.history({}).items).toEqual([]);
  });

  it('a corrupt input fails with a code and the stderr tail; the next job still runs', async () => {
    const { writeFile } = await import('node:fs/promises');
    const bad = dir.join('corrupt.mov');
    await writeFile(bad, Buffer.alloc(4096, 3));
    const service = start('corrupt');
    const failed = waitFor(service, (e) => e.type === 'job.failed');
    const completed = waitFor(service, (e) => e.type === 'job.completed');
    const badJob = await service.submit({ source: bad, profile: 'live-h264' });
    await service.submit({ source: clip, profile: 'audio-qlab' });
    await failed;
    await completed;
    const view = service.getJob(badJob.id);
    expect(view.error?.code).toBe('input.unreadable');
    expect(view.error?.message).toContain('corrupt.mov');
    expect(view.error?.stderrTail.length).toBeGreaterThan(0);
    expect(await readdir(dir.join('out-corrupt'))).toEqual(['clip.wav']);
  });

  it('a graceful stop mid-encode requeues the job, which completes after a restart', async () => {
    const long = await makeClip(dir.join('long.mov'), { seconds: 30, width: 320, height: 180 });
    let service = start('restart');
    const encoding = waitFor(service, (e) => e.type === 'job.progress');
    const job = await service.submit({ source: long, profile: 'archival' });
    await encoding;
    await service.stop({ graceSeconds: 0 });
    expect((await readdir(dir.join('out-restart'))).filter((n) => n.includes('bvp-tmp'))).toEqual([]);
    service = start('restart');
    expect(service.queue().jobs.map((j) => j.id)).toEqual([job.id]);
    const done = waitFor(service, (e) => e.type === 'job.completed', 60_000);
    await done;
    const detail = service.getJob(job.id);
    expect(detail.timeline.map((t) => t.type)).toContain('interrupted');
    expect(await readdir(dir.join('out-restart'))).toEqual([path.basename(detail.outputPath)]);
  });
});
