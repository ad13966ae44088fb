import { rmSync, writeFileSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceEvent } from '../../src/service/events.ts';
import type { JobView } from '../../src/service/types.ts';
import { REPO_ROOT } from '../helpers/bvp.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { dataOf } from '../helpers/events.ts';
import { serviceFactory, waitForEvent } from '../helpers/service.ts';

/**
 * Retries that mean what they say, with real ffmpeg: a full output disk (a real 1 MiB tmpfs, filled by the test) is
 * retried after a short backoff and completes once space is freed; a failed verification is not retried; a restart
 * while a job waits for its retry keeps `retryAt` and retries it. Only root can mount a tmpfs, and nothing else makes
 * ffmpeg meet a real ENOSPC, so the disk-full tests are skipped (saying why) where mount is not permitted.
 */

const SHORT_OUTPUT = path.join(REPO_ROOT, 'test/fixtures/fake-ffmpeg/short-output.sh');
const TMPFS_BYTES = 1024 * 1024;
const NO_MOUNT = 'mount -t tmpfs is not permitted here (needs root): no other way gives ffmpeg a real ENOSPC';

let dir: TempDir;
let clip: string;
let small: string | null = null;
const services = serviceFactory(() => dir);
const filler = () => path.join(small!, 'filler.bin');
/** Leaves the tmpfs a few KiB: far less than the encode writes (its PCM audio alone is ~500 KiB). */
const fill = () => writeFileSync(filler(), Buffer.alloc(TMPFS_BYTES - 16 * 1024));

beforeAll(async () => {
  dir = await makeTempDir('bvp-retry-');
  clip = await makeClip(dir.join('clip.mov'), { seconds: 2 });
  await mkdir(dir.join('small'));
  const mounted = await execa(
    'mount',
    ['-t', 'tmpfs', '-o', `size=${TMPFS_BYTES}`, 'tmpfs', dir.join('small')],
    {
      reject: false,
    },
  );
  if (mounted.exitCode === 0) small = dir.join('small');
});
afterEach(async () => {
  await services.stopAll();
  if (small) for (const name of await readdir(small)) rmSync(path.join(small, name), { force: true });
});
afterAll(async () => {
  if (small) await execa('umount', [small], { reject: false });
  await dir.cleanup();
});

const jobOf = (event: ServiceEvent): JobView => dataOf(event, 'job.retried').job;

describe('automatic retry of transient failures', () => {
  it('a full output disk: output.no_space, retried after the backoff once space is freed, and completes', async (ctx) => {
    if (!small) ctx.skip(NO_MOUNT);
    const service = services.start('nospace', { outputDir: small!, retryBackoff: { baseMs: 300 } });
    fill();
    // Space is freed the moment the retry is scheduled, before its wait can end.
    service.subscribe((e) => {
      if (e.type === 'job.retried') rmSync(filler(), { force: true });
    });
    const retried = waitForEvent(service, (e) => e.type === 'job.retried');
    const completed = waitForEvent(service, (e) => e.type === 'job.completed');
    const job = await service.submit({ source: clip, profile: 'live-qlab' });

    const waiting = jobOf(await retried);
    expect(waiting).toMatchObject({
      id: job.id,
      status: 'pending',
      attempts: 1,
      error: { code: 'output.no_space' },
    });
    expect(waiting.retryAt).toBeGreaterThan(0);
    expect(service.getJob(job.id).retryAt).toBe(waiting.retryAt);

    await completed;
    const done = service.getJob(job.id);
    expect(done).toMatchObject({ status: 'completed', attempts: 2, retryAt: null, error: null });
    expect(done.timeline.map((t) => t.type)).toEqual(
      expect.arrayContaining(['started', 'retried', 'due', 'completed']),
    );
    expect(done.timeline.find((t) => t.type === 'retried')?.data).toMatchObject({ after: 'output.no_space' });
    expect((await readdir(small!)).filter((n) => !n.startsWith('filler'))).toEqual(['clip.mov']);
  }, 60_000);

  it('a restart while a job waits for its retry keeps retryAt and retries it', async (ctx) => {
    if (!small) ctx.skip(NO_MOUNT);
    const first = services.start('restart', { outputDir: small!, retryBackoff: { baseMs: 2000 } });
    fill();
    const retried = waitForEvent(first, (e) => e.type === 'job.retried');
    const job = await first.submit({ source: clip, profile: 'live-qlab' });
    const { retryAt } = jobOf(await retried);
    await first.stop({ graceSeconds: 0 });
    rmSync(filler());

    const second = services.start('restart', { outputDir: small!, retryBackoff: { baseMs: 2000 } });
    const completed = waitForEvent(second, (e) => e.type === 'job.completed' && e.data.id === job.id);
    expect(second.getJob(job.id)).toMatchObject({
      status: 'pending',
      retryAt,
      error: { code: 'output.no_space' },
    });
    await completed;
    expect(second.getJob(job.id)).toMatchObject({ status: 'completed', attempts: 2, retryAt: null });
  }, 60_000);

  it('a failed verification is permanent: failed at once, never retried', async () => {
    const service = services.start('verify', { ffmpeg: SHORT_OUTPUT, retryBackoff: { baseMs: 10 } });
    const types: string[] = [];
    service.subscribe((e) => types.push(e.type));
    const failed = waitForEvent(service, (e) => e.type === 'job.failed');
    const job = await service.submit({ source: clip, profile: 'live-qlab' });
    await failed;
    const detail = service.getJob(job.id);
    expect(detail).toMatchObject({
      status: 'failed',
      attempts: 1,
      retryAt: null,
      error: { code: 'verify.failed' },
    });
    expect(detail.timeline.map((t) => t.type)).not.toContain('retried');
    expect(types).not.toContain('job.retried');
    // Finished jobs leave the queue: nothing is left that could run it again.
    expect(service.queue().jobs.map((j) => j.id)).not.toContain(job.id);
  }, 60_000);
});
