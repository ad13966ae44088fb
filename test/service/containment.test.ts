import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, symlink } from 'node:fs/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { serviceFactory, waitForEvent } from '../helpers/service.ts';

/**
 * Containment at write time: the output folder is resolved when a job is submitted and stored with it; a folder on
 * the way swapped for a symbolic link while the job waits in the queue gets nothing — no file, no temp file, no
 * sub-folder — and the job fails with `output.escape` (a lasting failure: not retried).
 */

let dir: TempDir;
let clip: string;
const services = serviceFactory(() => dir);

beforeAll(async () => {
  dir = await makeTempDir('bvp-containment-');
  clip = await makeClip(dir.join('clip.mov'), { seconds: 1 });
  return () => dir.cleanup();
});
afterEach(() => services.stopAll());

async function submitPaused(name: string, output: string) {
  const service = services.start(name, { retryBackoff: { baseMs: 10 } });
  service.pauseQueue();
  const job = await service.submit({ source: clip, profile: 'live-qlab', output });
  return { service, job };
}

describe('containment at write time', () => {
  it('an output sub-folder swapped for a symlink after submit, before the encode: nothing outside, output.escape', async () => {
    const out = dir.join('out-a');
    const outside = dir.join('outside-a');
    await mkdir(dir.join('out-a', 'masters'), { recursive: true });
    await mkdir(outside);
    const { service, job } = await submitPaused('swap', `${out}/masters/clip.mov`);
    expect(service.store.getJob(job.id)?.outputRoot).toBe(`${out}/masters`);

    await rename(`${out}/masters`, `${out}/masters-old`);
    await symlink(outside, `${out}/masters`);
    const failed = waitForEvent(service, (e) => e.type === 'job.failed' && e.data.id === job.id);
    service.resumeQueue();
    await failed;

    expect(service.getJob(job.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { code: 'output.escape' },
    });
    expect(await readdir(outside)).toEqual([]);
    expect(await readdir(`${out}/masters-old`)).toEqual([]);
  }, 60_000);

  it('a sub-folder that did not exist at submit, created as a symlink before the encode: not followed, not even by mkdir', async () => {
    const out = dir.join('out-b');
    const outside = dir.join('outside-b');
    await mkdir(out);
    await mkdir(outside);
    const { service, job } = await submitPaused('planted', `${out}/day1/cues/clip.mov`);

    await symlink(outside, `${out}/day1`);
    const failed = waitForEvent(service, (e) => e.type === 'job.failed' && e.data.id === job.id);
    service.resumeQueue();
    await failed;

    expect(service.getJob(job.id).error?.code).toBe('output.escape');
    expect(await readdir(outside)).toEqual([]);
    expect(existsSync(`${outside}/cues`)).toBe(false);
  }, 60_000);
});
