import { copyFile, mkdir, open, readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';
import { makeFrames, makeStill } from '../helpers/frames.ts';
import { jobOf, pathOf, useHarnesses } from './helpers/harness.ts';
import { hotConfig, listFiles, probeOutput } from './helpers/media.ts';

let staging: TempDir;
let frames: string;
let slide: string;
const newHarness = useHarnesses();

beforeAll(async () => {
  staging = await makeTempDir('bvp-seq-frames-');
  frames = await makeFrames(staging.join('intro'), { count: 48 });
  slide = await makeStill(staging.join('slide.png'));
  return () => staging.cleanup();
});

const STABLE_SECONDS = 3;

function config(watch: Record<string, unknown> = {}) {
  return hotConfig(
    [
      {
        path: './watch',
        stable_seconds: STABLE_SECONDS,
        poll_interval: 1,
        extensions: ['png', 'jpg'],
        profile: 'slide',
        source_action: 'delete',
        ...watch,
      },
    ],
    {
      profiles: [
        {
          name: 'slide',
          container: 'mov',
          video: { codec: 'prores_ks', prores_profile: 'proxy', pixel_format: 'yuv422p10le' },
          audio: null,
          still_duration: 1,
          sequence_rate: 24,
        },
      ],
    },
  );
}

/** Copies beside the folder, then renames in: each file appears whole, as a finished copy of it does. */
async function drop(from: string, to: string): Promise<void> {
  const staged = staging.join(`staged-${Date.now()}-${Math.random()}`);
  await copyFile(from, staged);
  await mkdir(path.dirname(to), { recursive: true });
  await rename(staged, to);
}

async function packets(file: string): Promise<number> {
  const { stdout } = await execa('ffprobe', [
    ...['-v', 'error', '-select_streams', 'v:0', '-count_packets'],
    ...['-show_entries', 'stream=nb_read_packets', '-of', 'csv=p=0', file],
  ]);
  return Number(stdout.trim());
}

describe('hot folder: image sequences', () => {
  it('a 48-frame PNG folder copied in with a pause becomes one verified clip; a still beside it still works', async () => {
    const h = await newHarness('bvp-seq-');
    await h.writeConfig(config());
    await h.start();
    const folder = h.dir.join('watch', 'intro');
    await drop(slide, h.dir.join('watch', 'slide.png'));
    const names = (await readdir(frames)).sort();
    expect(names).toHaveLength(48);
    // Half the frames, a pause shorter than the stable window, then the rest a few at a time.
    for (const name of names.slice(0, 24)) await drop(path.join(frames, name), path.join(folder, name));
    await sleep((STABLE_SECONDS * 1000) / 2);
    for (const [i, name] of names.slice(24).entries()) {
      await drop(path.join(frames, name), path.join(folder, name));
      if (i % 6 === 5) await sleep(200);
    }
    const copiedAt = h.events.length;
    // Nothing was queued for the folder while it was being copied.
    expect(h.events.filter((e) => e.type.startsWith('job.') && pathOf(e) === folder)).toEqual([]);

    for (const source of [folder, h.dir.join('watch', 'slide.png')]) {
      const done = await h.until(
        (e) => (e.type === 'job.completed' || e.type === 'job.failed') && pathOf(e) === source,
        `${source} finished`,
        60_000,
      );
      expect(jobOf(done).status, JSON.stringify(jobOf(done).error)).toBe('completed');
    }
    expect(h.events.slice(0, copiedAt).some((e) => e.type === 'file.detected' && pathOf(e) === folder)).toBe(
      true,
    );

    // One job for the folder, none for its frames.
    const queued = h.events.filter((e) => e.type === 'job.queued').map((e) => pathOf(e));
    expect(queued.sort()).toEqual([folder, h.dir.join('watch', 'slide.png')].sort());
    expect(h.events.some((e) => pathOf(e)?.endsWith('.png') && pathOf(e)?.includes('/intro/'))).toBe(false);

    expect(await listFiles(h.dir.join('output'))).toEqual(['intro.mov', 'slide.mov']);
    const out = await probeOutput(h.dir.join('output', 'intro.mov'));
    expect(out.streams[0]).toMatchObject({ type: 'video', width: 320, height: 180, frameRate: 24 });
    expect(out.durationSeconds).toBeCloseTo(2, 2);
    expect(await packets(h.dir.join('output', 'intro.mov'))).toBe(48);
    const done = h.events.find((e) => e.type === 'job.completed' && pathOf(e) === folder)!;
    const record = h.app().service.store.getJob(jobOf(done).id);
    expect(record?.result?.checks?.find((c) => c.name === 'sequence.frames')).toMatchObject({
      ok: true,
      actual: '48 frames',
    });
    // The sequence is kept whatever source_action says (not done for folders yet); the still was deleted.
    expect(await readdir(folder)).toHaveLength(48);
    expect(await listFiles(h.dir.join('watch'))).toHaveLength(48);
  }, 120_000);

  it('a sequence with a gap is refused naming the missing frame, and encoded once the frame arrives', async () => {
    const h = await newHarness('bvp-seq-gap-');
    await h.writeConfig(config());
    await h.start();
    const folder = h.dir.join('watch', 'show', 'gappy');
    const names = (await readdir(frames)).sort().slice(0, 12);
    for (const name of names) {
      if (name === 'intro_00007.png') continue;
      await drop(path.join(frames, name), path.join(folder, name));
    }
    const refused = await h.until((e) => e.type === 'file.ignored' && pathOf(e) === folder, 'gap refused');
    expect(refused.data).toMatchObject({ outcome: 'rejected' });
    expect((refused.data as { message: string }).message).toMatch(/frame intro_00007\.png is missing/);
    expect(h.events.filter((e) => e.type === 'job.queued')).toEqual([]);
    expect(await listFiles(h.dir.join('output'))).toEqual([]);

    // The missing frame arrives: a new identity, settled and encoded whole.
    await drop(path.join(frames, 'intro_00007.png'), path.join(folder, 'intro_00007.png'));
    const done = await h.until(
      (e) => (e.type === 'job.completed' || e.type === 'job.failed') && pathOf(e) === folder,
      'the completed sequence encoded',
    );
    expect(jobOf(done).status, JSON.stringify(jobOf(done).error)).toBe('completed');
    expect(await listFiles(h.dir.join('output'))).toEqual(['show/gappy.mov']);
    expect(await packets(h.dir.join('output', 'show', 'gappy.mov'))).toBe(12);
  }, 60_000);

  it('with image_sequences: false, numbered pictures in a sub-folder are stills, one job each', async () => {
    const h = await newHarness('bvp-seq-off-');
    await h.writeConfig(config({ image_sequences: false }));
    await h.start();
    const deck = h.dir.join('watch', 'deck');
    for (const name of ['intro_00001.png', 'intro_00002.png']) {
      await drop(path.join(frames, name), path.join(deck, name));
    }
    for (const name of ['intro_00001.png', 'intro_00002.png']) {
      const done = await h.until(
        (e) => (e.type === 'job.completed' || e.type === 'job.failed') && pathOf(e) === path.join(deck, name),
        `${name} finished`,
      );
      expect(jobOf(done).status, JSON.stringify(jobOf(done).error)).toBe('completed');
    }
    expect(await listFiles(h.dir.join('output'))).toEqual(['deck/intro_00001.mov', 'deck/intro_00002.mov']);
  }, 60_000);

  it.runIf(process.platform === 'linux' || process.platform === 'darwin')(
    'a frame held open for writing past the stable window keeps the folder settling until it is closed',
    async () => {
      const h = await newHarness('bvp-seq-stall-');
      await h.writeConfig(config({ stable_seconds: 1 }));
      await h.start();
      const folder = h.dir.join('watch', 'intro');
      const names = (await readdir(frames)).sort().slice(0, 12);
      for (const name of names.slice(0, 6)) await drop(path.join(frames, name), path.join(folder, name));
      // The writer: this process, holding the seventh frame open across a pause three times the window.
      const bytes = await readFile(path.join(frames, names[6]));
      const half = Math.floor(bytes.length / 2);
      const handle = await open(path.join(folder, names[6]), 'w');
      try {
        await handle.write(bytes, 0, half, 0);
        await sleep(3_000);
        await handle.write(bytes, half, bytes.length - half, half);
      } finally {
        await handle.close();
      }
      const closedAt = h.events.length;
      for (const name of names.slice(7)) await drop(path.join(frames, name), path.join(folder, name));
      const done = await h.until(
        (e) => (e.type === 'job.completed' || e.type === 'job.failed') && pathOf(e) === folder,
        'the sequence encoded',
      );
      expect(h.events.slice(0, closedAt).filter((e) => e.type.startsWith('job.'))).toEqual([]);
      expect(jobOf(done).status, JSON.stringify(jobOf(done).error)).toBe('completed');
      expect(await packets(h.dir.join('output', 'intro.mov'))).toBe(12);
    },
    60_000,
  );
});
