import { readdir, rename, rm, stat } from 'node:fs/promises';
import { execa } from 'execa';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSpec } from '../../machines/types.ts';
import { createPosterMaker } from '../../src/media/poster-maker.ts';
import { type ProbeOptions, probe } from '../../src/media/probe.ts';
import { createProbeCache } from '../../src/media/probe-cache.ts';
import { describeSequence, sequencePattern } from '../../src/media/sequence.ts';
import { listFrames } from '../../src/media/sequence-frames.ts';
import { statSource } from '../../src/media/source-stat.ts';
import { transcodeFile } from '../../src/media/transcode-file.ts';
import { expectedSequenceFrames } from '../../src/media/verify-sequence.ts';
import { isStillImage } from '../../src/profiles/args-still.ts';
import { ProfileSchema } from '../../src/profiles/schema.ts';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';
import { makeFrames } from '../helpers/frames.ts';

const profile = v.parse(ProfileSchema, {
  name: 'seq-test',
  container: 'mov',
  video: { codec: 'prores_ks', prores_profile: 'proxy', pixel_format: 'yuv422p10le' },
  audio: null,
  sequence_rate: 30,
});

let dir: TempDir;
beforeAll(async () => {
  dir = await makeTempDir('bvp-seq-');
});
afterAll(() => dir.cleanup());

async function spec(source: string, name: string, extra: Partial<JobSpec> = {}): Promise<JobSpec> {
  const s = await statSource(source);
  return {
    id: name,
    source: { path: source, size: s.size, mtimeMs: s.mtimeMs },
    outputPath: dir.join('out', `${name}.mov`),
    profile,
    overrides: {},
    priority: 0,
    sourceAction: { kind: 'keep' },
    collision: 'suffix',
    verify: true,
    origin: 'test',
    createdAt: Date.now(),
    ...extra,
  };
}

async function countFrames(file: string): Promise<number> {
  const { stdout } = await execa('ffprobe', [
    ...['-v', 'error', '-select_streams', 'v:0', '-count_packets'],
    ...['-show_entries', 'stream=nb_read_packets', '-of', 'csv=p=0', file],
  ]);
  return Number(stdout.trim());
}

describe('image sequences: naming', () => {
  const frame = (name: string) => ({ ...parse(name), size: 1, mtimeMs: 1 });
  const parse = (name: string) => {
    const m = /^(.*?)(\d+)\.(\w+)$/.exec(name)!;
    return { name, prefix: m[1], digits: m[2], number: Number(m[2]), ext: m[3] };
  };

  it('a gap is refused naming the first missing frame', () => {
    const frames = ['a_0001.png', 'a_0002.png', 'a_0004.png'].map(frame);
    expect(() => describeSequence('/x/a', frames)).toThrow(/frame a_0003\.png is missing/);
  });

  it('two prefixes or two extensions in one folder are refused', () => {
    expect(() => describeSequence('/x', ['a_01.png', 'b_02.png'].map(frame))).toThrow(
      /more than one sequence/,
    );
    expect(() => describeSequence('/x', ['a_01.png', 'a_02.jpg'].map(frame))).toThrow(
      /more than one sequence/,
    );
  });

  it('mixed padding is refused, numbers without padding are read with %d', () => {
    expect(() => describeSequence('/x', ['a_09.png', 'a_010.png'].map(frame))).toThrow(/not all 2 digits/);
    const seq = describeSequence('/x', ['a9.png', 'a10.png', 'a11.png'].map(frame));
    expect(seq).toMatchObject({ prefix: 'a', width: 0, first: 9, count: 3 });
    expect(sequencePattern('/x', seq)).toBe('/x/a%d.png');
  });

  it('a single numbered picture is not a sequence', () => {
    expect(() => describeSequence('/x', [frame('a_01.png')])).toThrow(/at least 2/);
  });

  it('a % in the folder or the prefix is doubled so image2 reads it literally', () => {
    const seq = describeSequence('/x/100%', ['50% fade_001.png', '50% fade_002.png'].map(frame));
    expect(sequencePattern('/x/100%', seq)).toBe('/x/100%%/50%% fade_%03d.png');
  });
});

describe('image sequences: frames expected in the output', () => {
  const input = {
    path: '/x',
    formatName: 'image2',
    durationSeconds: 2,
    bitRate: null,
    sizeBytes: null,
    streams: [],
    sequence: { prefix: 'a_', ext: 'png', width: 4, first: 1, count: 48, firstName: 'a_0001.png' },
  };

  it('one per picture at the sequence rate; the same duration at a conformed rate', () => {
    expect(expectedSequenceFrames(input, profile)).toEqual({ frames: 48, slack: 0 });
    expect(expectedSequenceFrames(input, { ...profile, frame_rate: 30 })).toEqual({ frames: 48, slack: 0 });
    expect(expectedSequenceFrames(input, { ...profile, frame_rate: 60 })).toEqual({ frames: 96, slack: 1 });
    expect(expectedSequenceFrames({ ...input, sequence: undefined }, profile)).toBeNull();
  });
});

describe('image sequences become clips', () => {
  it('a 48-frame PNG folder becomes one verified clip of 48 frames at sequence_rate', async () => {
    const folder = await makeFrames(dir.join('intro'), { count: 48 });
    const input = await probe(folder, { ffprobe: 'ffprobe' });
    expect(input.sequence).toMatchObject({ prefix: 'intro_', width: 5, first: 1, count: 48 });
    expect(isStillImage(input)).toBe(false);
    const result = await transcodeFile({
      spec: await spec(folder, 'intro'),
      ffmpeg: 'ffmpeg',
      ffprobe: 'ffprobe',
      settleMs: 0,
    });
    const i = result.ffmpegArgs.indexOf('-i');
    expect(result.ffmpegArgs.slice(i - 8, i + 2)).toEqual([
      ...['-f', 'image2', '-pattern_type', 'sequence', '-framerate', '30', '-start_number', '1'],
      ...['-i', `file:${folder}/intro_%05d.png`],
    ]);
    expect(result.checks?.find((c) => c.name === 'sequence.frames')).toMatchObject({
      ok: true,
      actual: '48 frames',
    });
    const out = await probe(result.outputPath, { ffprobe: 'ffprobe' });
    expect(out.streams[0]).toMatchObject({ type: 'video', width: 320, height: 180, frameRate: 30 });
    expect(out.durationSeconds).toBeCloseTo(48 / 30, 2);
    expect(await countFrames(result.outputPath)).toBe(48);
    expect(result.durationSeconds).toBeCloseTo(1.6, 2);
    // The source is kept, frame for frame.
    expect((await readdir(folder)).length).toBe(48);
  }, 60_000);

  it('a sequence starting at 1001 under a name with spaces and % is read from its first number', async () => {
    const folder = await makeFrames(dir.join('shot 100%'), {
      count: 12,
      start: 1001,
      pattern: 'shot 100%%_%04d.jpg',
    });
    const result = await transcodeFile({
      spec: await spec(folder, 'odd', { profile: { ...profile, sequence_rate: undefined } }),
      ffmpeg: 'ffmpeg',
      ffprobe: 'ffprobe',
      settleMs: 0,
    });
    expect(result.ffmpegArgs).toContain('1001');
    expect(await countFrames(result.outputPath)).toBe(12);
    // No sequence_rate and no frame_rate: 25 fps.
    expect(result.durationSeconds).toBeCloseTo(12 / 25, 2);
  }, 60_000);

  it('a sequence with a gap is refused with the missing frame named, and nothing is written', async () => {
    const folder = await makeFrames(dir.join('gappy'), { count: 10 });
    await rm(dir.join('gappy', 'gappy_00006.png'));
    await expect(probe(folder, { ffprobe: 'ffprobe' })).rejects.toThrow(/gappy_00006\.png is missing/);
    await expect(
      transcodeFile({ spec: await spec(folder, 'gappy'), ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', settleMs: 0 }),
    ).rejects.toThrow(/gappy_00006\.png is missing/);
    await expect(stat(dir.join('out', 'gappy.mov'))).rejects.toThrow();
  }, 60_000);

  it('a frame renamed after queueing fails the job as a changed source', async () => {
    const folder = await makeFrames(dir.join('moved'), { count: 6 });
    const s = await spec(folder, 'moved');
    await rename(dir.join('moved', 'moved_00006.png'), dir.join('moved', 'moved_00007.png'));
    const frames = await listFrames(folder);
    expect(frames.at(-1)?.name).toBe('moved_00007.png');
    await rm(dir.join('moved', 'moved_00007.png'));
    await expect(
      transcodeFile({ spec: s, ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', settleMs: 0 }),
    ).rejects.toMatchObject({ code: 'source.changed' });
  }, 60_000);

  it('is probed once: a prefetch for the folder identity answers the job, and the probe sees the sequence', async () => {
    const folder = await makeFrames(dir.join('cached'), { count: 4 });
    const calls: string[] = [];
    const probes = createProbeCache({
      ffprobe: 'ffprobe',
      probeFile: (file: string, options: ProbeOptions) => {
        calls.push(file);
        return probe(file, options);
      },
    });
    const { source } = await spec(folder, 'cached');
    probes.prefetch(source);
    const info = await probes.probeInput(source);
    expect(calls).toEqual([folder]);
    expect(info.sequence).toMatchObject({ count: 4, firstName: 'cached_00001.png' });
    probes.close();
  }, 30_000);

  it('a pending sequence job has a poster: its middle frame', async () => {
    const folder = await makeFrames(dir.join('poster'), { count: 6 });
    const posters = createPosterMaker({ dir: dir.join('posters'), ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' });
    const { source } = await spec(folder, 'poster');
    const poster = await posters.get({ source });
    expect(poster.contentType).toBe('image/jpeg');
    expect(poster.bytes.length).toBeGreaterThan(100);
    await posters.close();
  }, 30_000);

  for (const ext of ['tif', 'dpx']) {
    it(`a ${ext.toUpperCase()} sequence becomes a verified clip too`, async () => {
      const folder = await makeFrames(dir.join(ext), { count: 6, pattern: `plate.%04d.${ext}` });
      const result = await transcodeFile({
        spec: await spec(folder, `${ext}-plate`),
        ffmpeg: 'ffmpeg',
        ffprobe: 'ffprobe',
        settleMs: 0,
      });
      expect(result.ffmpegArgs).toContain(`file:${folder}/plate.%04d.${ext}`);
      expect(await countFrames(result.outputPath)).toBe(6);
    }, 30_000);
  }

  it('an RGBA sequence into ProRes 4444 keeps alpha; an opaque alpha plane is checked against the frames', async () => {
    const folder = await makeFrames(dir.join('opaque-alpha'), { count: 4, format: 'rgba' });
    const alpha = v.parse(ProfileSchema, {
      name: 'alpha-test',
      container: 'mov',
      video: { codec: 'prores_ks', prores_profile: '4444', pixel_format: 'yuv444p10le', alpha: 'straight' },
      audio: null,
    });
    const result = await transcodeFile({
      spec: await spec(folder, 'opaque-alpha', { profile: alpha }),
      ffmpeg: 'ffmpeg',
      ffprobe: 'ffprobe',
      settleMs: 0,
    });
    expect(result.checks?.find((c) => c.name === 'video.alpha')).toMatchObject({
      ok: true,
      actual: 'opaque, as the source is',
    });
  }, 30_000);
});
