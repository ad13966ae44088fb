import { copyFile, mkdir, rename } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';
import { makeStill } from '../helpers/frames.ts';
import { jobOf, useHarnesses } from './helpers/harness.ts';
import { hotConfig, listFiles, probeOutput } from './helpers/media.ts';

let stills: TempDir;
let png: string;
let jpg: string;
const newHarness = useHarnesses();

beforeAll(async () => {
  stills = await makeTempDir('bvp-still-clips-');
  png = stills.join('slide.png');
  jpg = stills.join('holding.jpg');
  for (const file of [png, jpg]) await makeStill(file);
  return () => stills.cleanup();
});

/** Copies beside the folder, then renames in: the picture appears whole, as a finished copy does. */
async function drop(from: string, to: string): Promise<void> {
  const staged = stills.join(`staged-${Date.now()}-${Math.random()}`);
  await copyFile(from, staged);
  await mkdir(to.slice(0, to.lastIndexOf('/')), { recursive: true });
  await rename(staged, to);
}

describe('hot folder: still images', () => {
  it('a PNG and a JPEG dropped into a watch folder become verified clips of the profile still_duration', async () => {
    const h = await newHarness('bvp-still-');
    await h.writeConfig(
      hotConfig(
        [
          {
            path: './watch',
            stable_seconds: 1,
            poll_interval: 1,
            extensions: ['png', 'jpg'],
            profile: 'slide',
          },
        ],
        {
          profiles: [
            {
              name: 'slide',
              container: 'mov',
              video: { codec: 'prores_ks', prores_profile: 'proxy', pixel_format: 'yuv422p10le' },
              audio: { codec: 'pcm_s24le', sample_rate: 48000 },
              still_duration: 2,
            },
          ],
        },
      ),
    );
    await h.start();
    await drop(png, h.dir.join('watch', 'slide.png'));
    await drop(jpg, h.dir.join('watch', 'holding.jpg'));
    for (const name of ['slide.png', 'holding.jpg']) {
      const done = await h.until(
        (e) => (e.type === 'job.completed' || e.type === 'job.failed') && jobOf(e).source.path.endsWith(name),
        `${name} finished`,
      );
      expect(jobOf(done).status, JSON.stringify(jobOf(done).error)).toBe('completed');
    }
    expect(await listFiles(h.dir.join('output'))).toEqual(['holding.mov', 'slide.mov']);
    const out = await probeOutput(h.dir.join('output', 'slide.mov'));
    expect(out.durationSeconds).toBeCloseTo(2, 1);
    expect(out.streams.map((s) => s.type)).toEqual(['video']);
  }, 90_000);
});
