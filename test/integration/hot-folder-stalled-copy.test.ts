import { existsSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeClip, makeTempDir } from '../helpers/clips.ts';
import { jobOf, useHarnesses } from './helpers/harness.ts';
import { hotConfig, listFiles, probeOutput } from './helpers/media.ts';

/**
 * A copy that stalls longer than the stable window while its writer still holds the file open (a network copy
 * waiting on a slow share, a card reader that hiccups). Half of an MPEG-TS is a perfectly playable file, so the
 * stable window alone would encode, verify and finalize the half — and with `source_action: delete`, delete the
 * master while the copy is still writing to it. A faststart .mov (index first) is readable half-copied as well.
 */

const STABLE_SECONDS = 2;
const PAUSE_MS = 5_000; // longer than the stable window, with room for a busy machine
const CLIP_SECONDS = 6;
const clips: Record<string, Buffer> = {};
const newHarness = useHarnesses();

beforeAll(async () => {
  const tmp = await makeTempDir('bvp-stall-clip-');
  clips.ts = await readFile(await makeClip(tmp.join('clip.ts'), { seconds: CLIP_SECONDS }));
  // Index first (faststart): the first half of this .mov is readable too, like the .ts.
  const mov = await makeClip(tmp.join('clip.mov'), { seconds: CLIP_SECONDS });
  await execa('ffmpeg', [
    '-v',
    'error',
    '-i',
    mov,
    '-c',
    'copy',
    '-movflags',
    '+faststart',
    tmp.join('fast.mov'),
  ]);
  clips.mov = await readFile(tmp.join('fast.mov'));
  await tmp.cleanup();
});

describe.each(['ts', 'mov'])('hot folder: a stalled .%s copy with an open writer', (ext) => {
  it('is not encoded before the copy finished, its source is never deleted while written to, and the output has the full duration', async () => {
    const h = await newHarness(`bvp-stall-${ext}-`);
    await h.writeConfig(
      hotConfig(
        [{ path: './watch', stable_seconds: STABLE_SECONDS, poll_interval: 1, profile: 'live-qlab' }],
        { source_action: 'delete' },
      ),
    );
    await h.start();
    const source = h.dir.join('watch', `stalled.${ext}`);
    const output = h.dir.join('output', 'stalled.mov');
    const bytes = clips[ext];
    const half = Math.floor(bytes.length / 2);

    // What an operator would see at any moment of the copy: a final output, or the source gone.
    const violations: string[] = [];
    let copying = true;
    const watch = setInterval(() => {
      if (!copying) return;
      if (existsSync(output)) violations.push('output under its final name while the copy was running');
      if (!existsSync(source)) violations.push('source deleted while the copy was running');
    }, 50);
    try {
      // The writer: this test process, holding the file open across the pause, as cp or rsync --inplace would.
      const handle = await open(source, 'w');
      try {
        await handle.write(bytes, 0, half, 0);
        await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
        await handle.write(bytes, half, bytes.length - half, half);
      } finally {
        await handle.close();
        copying = false;
      }
    } finally {
      clearInterval(watch);
    }
    expect(violations).toEqual([]);

    const completed = await h.until(
      (e) => e.type === 'job.completed' && jobOf(e).source.path === source,
      `the job for stalled.${ext}`,
      90_000,
    );
    expect(jobOf(completed).source.size).toBe(bytes.length);
    expect(jobOf(completed).result?.outputPath).toBe(output);
    expect((await probeOutput(output)).durationSeconds).toBeCloseTo(CLIP_SECONDS, 0);
    // One output (no half under stalled.mov and the whole under stalled-1.mov), and the source deleted after it.
    expect(await listFiles(h.dir.join('output'))).toEqual(['stalled.mov']);
    expect(existsSync(source)).toBe(false);
    expect(h.ofType('job.failed')).toEqual([]);
  }, 150_000);
});
