import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { jobOf, useHarnesses } from './helpers/harness.ts';
import { hotConfig, listFiles, probeOutput } from './helpers/media.ts';

let clips: TempDir;
let movie: string;
let tone: string;
const newHarness = useHarnesses();

beforeAll(async () => {
  clips = await makeTempDir('bvp-rules-clips-');
  movie = await makeClip(clips.join('movie.mov'), { seconds: 1 });
  tone = await makeClip(clips.join('tone.wav'), { seconds: 1, audioOnly: true });
  return () => clips.cleanup();
});

/** Copies next to the target, then renames: the file appears whole, as a finished copy does. */
async function drop(from: string, to: string): Promise<void> {
  await mkdir(clips.join('staging'), { recursive: true });
  const staged = clips.join('staging', `${Date.now()}-${Math.random()}`);
  await copyFile(from, staged);
  await mkdir(to.slice(0, to.lastIndexOf('/')), { recursive: true });
  await rename(staged, to);
}

/**
 * Samples the source and the output while a job runs, so "the source was gone while the output was not there yet"
 * cannot slip between two checks of the end state.
 */
function watchOrder(source: string, output: string): { stop(): Array<{ source: boolean; output: boolean }> } {
  const samples: Array<{ source: boolean; output: boolean }> = [];
  const take = () => samples.push({ source: existsSync(source), output: existsSync(output) });
  take();
  const timer = setInterval(take, 2);
  return {
    stop() {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}

describe('hot folder: rules and source actions', () => {
  it('matches CLIP.MOV with *.mov, keeps sources of a delete_input: false rule under a global delete, and deletes others only after the verified output exists', async () => {
    const h = await newHarness('bvp-rules-');
    await h.writeConfig(
      hotConfig(
        [
          {
            path: './watch',
            stable_seconds: 1,
            poll_interval: 1,
            rules: [
              {
                name: 'masters',
                pattern: 'masters/**',
                profile: 'live-qlab',
                output_pattern: 'archive/{stem}',
                delete_input: false,
              },
              { name: 'movies', pattern: '*.mov', profile: 'live-qlab' },
            ],
          },
        ],
        { delete_input: true },
      ),
    );
    await h.start();
    const upper = h.dir.join('watch', 'CLIP.MOV');
    const master = h.dir.join('watch', 'masters', 'Master.mov');
    const upperOut = h.dir.join('output', 'CLIP.mov');
    const masterOut = h.dir.join('output', 'archive', 'Master.mov');

    const order = watchOrder(upper, upperOut);
    await drop(movie, upper);
    const upperDone = await h.until(
      (e) => e.type === 'job.completed' && jobOf(e).source.path === upper,
      'CLIP.MOV completed',
    );
    const samples = order.stop();
    expect(jobOf(upperDone).profile).toBe('live-qlab');
    expect(jobOf(upperDone).result?.outputPath).toBe(upperOut);
    // Deleted (the global delete_input applies to the "movies" rule)…
    expect(existsSync(upper)).toBe(false);
    // …and never before its output existed under the final name.
    const sinceDrop = samples.slice(samples.findIndex((s) => s.source));
    expect(sinceDrop.some((s) => s.source && !s.output)).toBe(true);
    expect(sinceDrop.filter((s) => !s.source).every((s) => s.output)).toBe(true);
    expect((await probeOutput(upperOut)).durationSeconds).toBeCloseTo(1, 0);

    await drop(movie, master);
    const masterDone = await h.until(
      (e) => e.type === 'job.completed' && jobOf(e).source.path === master,
      'masters/Master.mov completed',
    );
    // Sub-folder of the output pattern created; the archive master kept (issue 11 of the original deleted it).
    expect(jobOf(masterDone).result?.outputPath).toBe(masterOut);
    expect(existsSync(master)).toBe(true);
    expect((await probeOutput(masterOut)).streams.some((s) => s.type === 'video')).toBe(true);
    expect(await listFiles(h.dir.join('output'))).toEqual(['CLIP.mov', 'archive/Master.mov']);
  }, 60_000);

  it('runs a drop folder: a watch with only a profile takes every file it is given', async () => {
    const h = await newHarness('bvp-drop-');
    await h.writeConfig(
      hotConfig([
        {
          path: './cues',
          stable_seconds: 1,
          poll_interval: 1,
          profile: 'audio-qlab',
          output: './output/cues',
        },
      ]),
    );
    await h.start();
    const source = h.dir.join('cues', 'Act 1', 'Thunder.WAV');
    await drop(tone, source);
    const done = await h.until(
      (e) => e.type === 'job.completed' && jobOf(e).source.path === source,
      'Thunder.WAV completed',
    );
    expect(jobOf(done).profile).toBe('audio-qlab');
    // Sub-folders of the drop folder are mirrored under its output; the source is kept by default.
    const output = h.dir.join('output', 'cues', 'Act 1', 'Thunder.wav');
    expect(jobOf(done).result?.outputPath).toBe(output);
    expect(existsSync(source)).toBe(true);
    const info = await probeOutput(output);
    expect(info.streams.map((s) => s.type)).toEqual(['audio']);
    expect(info.durationSeconds).toBeCloseTo(1, 0);
  }, 60_000);
});
