import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../src/media/probe.ts';
import { verifyOutput } from '../../src/media/verify.ts';
import { buildFfmpegArgs } from '../../src/profiles/args.ts';
import type { Profile } from '../../src/profiles/schema.ts';
import { BUILTIN_PROFILES } from '../../src/profiles/validate.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { encode, ffprobeJson, keyframeIndices } from './ffprobe.ts';

/**
 * Conform by frame repetition/drop: the frame count follows the new rate, the duration (and audio) stay, so nothing
 * plays faster or slower. A 29.97 source into 30 fps repeats one frame in 1000; 25 into 50 repeats every frame.
 */
let dir: TempDir;
beforeAll(async () => {
  dir = await makeTempDir('bvp-conform-');
});
afterAll(() => dir?.cleanup());

const qlab = BUILTIN_PROFILES.find((p) => p.name === 'live-qlab')!;

async function conform(sourceFps: string, frameRate: number, label: string) {
  const source = await makeClip(dir.join(`${label}.mov`), { seconds: 4, fps: sourceFps });
  const input = await probe(source, { ffprobe: 'ffprobe' });
  const profile: Profile = { ...qlab, name: `qlab-${label}`, frame_rate: frameRate };
  const output = dir.join(`${label}.out.mov`);
  await encode(buildFfmpegArgs({ inputPath: source, outputPath: output, input, profile }));
  const verdict = await verifyOutput({ outputPath: output, input, profile, ffprobe: 'ffprobe' });
  expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
  expect(verdict.checks.find((c) => c.name === 'video.frame_rate')?.ok).toBe(true);
  const raw = await ffprobeJson(output);
  const video = raw.streams.find((s) => s.codec_type === 'video')!;
  const audio = raw.streams.find((s) => s.codec_type === 'audio')!;
  const { frames } = await keyframeIndices(output);
  return { input, video, audio, frames };
}

describe('frame_rate conform', () => {
  it('29.97 → 30: one frame more per 1000, same duration, no speed change', async () => {
    const { input, video, audio, frames } = await conform('30000/1001', 30, 'ntsc');
    const sourceFrames = 120;
    expect(input.streams[0].type === 'video' && input.streams[0].frameRateRational).toBe('30000/1001');
    expect(video.avg_frame_rate).toBe('30/1');
    const seconds = Number(video.duration);
    expect(Math.abs(seconds - sourceFrames / (30000 / 1001))).toBeLessThanOrEqual(1 / 30 + 1e-6);
    expect(Math.abs(frames - Math.round(seconds * 30))).toBeLessThanOrEqual(0);
    expect(frames - sourceFrames).toBeLessThanOrEqual(1);
    expect(Number(audio.duration)).toBeCloseTo(4, 1);
  });

  it('25 → 50: every frame twice, same duration', async () => {
    const { video, audio, frames } = await conform('25', 50, 'pal');
    expect(video.avg_frame_rate).toBe('50/1');
    expect(frames).toBe(200);
    expect(Number(video.duration)).toBeCloseTo(4, 2);
    expect(Number(audio.duration)).toBeCloseTo(4, 1);
  });
});
