import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeClip, makeTempDir } from '../helpers/clips.ts';
import { type Harness, jobOf, pathOf, useHarnesses } from './helpers/harness.ts';
import { hotConfig, listFiles, probeOutput } from './helpers/media.ts';
import { writeSlowly } from './helpers/slow-write.ts';

/**
 * The file-complete gate (issue 9 of the original: one unchanged poll counted as "stable", so a stalled copy was
 * picked up half-written). A job must be created only from the whole file, no earlier than its last write plus the
 * folder's stable window — whether the copy started before or after the service.
 */

let clipBytes: Buffer;
const newHarness = useHarnesses();

beforeAll(async () => {
  const tmp = await makeTempDir('bvp-settle-clip-');
  // A .mov from ffmpeg keeps its index (moov) at the end: any prefix of it is unreadable, as a half-copy would be.
  clipBytes = await readFile(await makeClip(tmp.join('clip.mov'), { seconds: 2 }));
  await tmp.cleanup();
  return undefined;
});

async function expectVerifiedOutput(h: Harness, source: string, outputName: string): Promise<void> {
  const completed = await h.until(
    (e) => e.type === 'job.completed' && jobOf(e).source.path === source,
    `job.completed for ${source}`,
    60_000,
  );
  const output = h.dir.join('output', outputName);
  expect(jobOf(completed).result?.outputPath).toBe(output);
  const info = await probeOutput(output);
  expect(info.durationSeconds).toBeCloseTo(2, 0);
  expect(info.streams.map((s) => s.type).sort()).toEqual(['audio', 'video']);
  // Nothing half-made beside it: no temp file left in the output folder.
  expect(await listFiles(h.dir.join('output'))).toEqual([outputName]);
}

describe('hot folder: the file-complete gate', () => {
  it('does not pick up a file written over 20 s before its last write plus the stable window', async () => {
    const STABLE_SECONDS = 3; // above the 500 ms chunk gap with room for a busy machine's timer jitter
    const h = await newHarness('bvp-slow-');
    await h.writeConfig(
      hotConfig([
        { path: './watch', stable_seconds: STABLE_SECONDS, poll_interval: 1, profile: 'live-qlab' },
      ]),
    );
    await h.start();
    const source = h.dir.join('watch', 'slow.mov');
    const copy = writeSlowly(source, clipBytes, { chunks: 40, intervalMs: 500 });
    const { lastWriteAt } = await copy.done;

    const queued = await h.until(
      (e) => e.type === 'job.queued' && jobOf(e).source.path === source,
      'job.queued for the slow file',
    );
    const detected = h.ofType('file.detected').filter((e) => pathOf(e) === source);
    // Seen while it was still being written, and waited for.
    expect(detected.length).toBe(1);
    expect(detected[0].at).toBeLessThan(lastWriteAt);
    expect(queued.at).toBeGreaterThanOrEqual(lastWriteAt + STABLE_SECONDS * 1000);
    // The job is for the whole file, and no prefix of it was ever probed and rejected.
    expect(jobOf(queued).source.size).toBe(clipBytes.length);
    expect(h.ofType('file.ignored').filter((e) => pathOf(e) === source)).toEqual([]);
    expect(h.ofType('job.queued')).toHaveLength(1);

    await expectVerifiedOutput(h, source, 'slow.mov');
  }, 90_000);

  it('does not pick up a file that was being copied when the service started', async () => {
    const STABLE_SECONDS = 2;
    const h = await newHarness('bvp-midcopy-');
    await h.writeConfig(
      hotConfig([
        { path: './watch', stable_seconds: STABLE_SECONDS, poll_interval: 1, profile: 'live-qlab' },
      ]),
    );
    const source = h.dir.join('watch', 'midcopy.mov');
    const copy = writeSlowly(source, clipBytes, { chunks: 30, intervalMs: 250 });
    await copy.reached(6);
    await h.start();
    const startedAt = Date.now();
    // The copy was still going when the service was up, or the test proves nothing.
    expect(copy.chunksWritten()).toBeLessThan(30);
    const { lastWriteAt } = await copy.done;
    expect(lastWriteAt).toBeGreaterThan(startedAt);

    const queued = await h.until(
      (e) => e.type === 'job.queued' && jobOf(e).source.path === source,
      'job.queued for the file copied across the start',
    );
    expect(queued.at).toBeGreaterThanOrEqual(lastWriteAt + STABLE_SECONDS * 1000);
    expect(jobOf(queued).source.size).toBe(clipBytes.length);
    expect(h.ofType('file.ignored').filter((e) => pathOf(e) === source)).toEqual([]);
    expect(h.ofType('job.queued')).toHaveLength(1);

    await expectVerifiedOutput(h, source, 'midcopy.mov');
  }, 60_000);
});
