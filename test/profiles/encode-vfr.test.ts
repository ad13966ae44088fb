import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobOverrides } from '../../machines/types.ts';
import { type MediaInfo, videoStreams } from '../../src/media/media-info.ts';
import { probe } from '../../src/media/probe.ts';
import { describeReadiness } from '../../src/media/readiness.ts';
import { verifyOutput } from '../../src/media/verify.ts';
import { readKeyframeTimes } from '../../src/media/verify-keyframes.ts';
import { buildFfmpegArgs } from '../../src/profiles/args.ts';
import type { Profile } from '../../src/profiles/schema.ts';
import { BUILTIN_PROFILES } from '../../src/profiles/validate.ts';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';
import { encode, keyframeIndices, multiplesBelow } from './ffprobe.ts';

const builtin = (name: string): Profile => BUILTIN_PROFILES.find((p) => p.name === name)!;
const ffprobe = 'ffprobe';
const oneSecond: JobOverrides = { preset: 'fast', keyframeSeconds: 1 };

let dir: TempDir;
let source: string;
let input: MediaInfo;

/**
 * 3 s at 30 fps then 3 s at 15 fps, kept variable (`-fps_mode vfr`) in mp4: 135 frames, ffprobe's average 2025/89
 * (22.75 fps), its r_frame_rate 30. mp4 rather than mkv because ffprobe reports a Matroska track's average from its
 * default duration, so the same stream in mkv does not look variable. settb: mpeg4 refuses the concat filter's
 * microsecond time base.
 */
async function makeVfrClip(file: string): Promise<string> {
  await execa('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
    ...['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=30:duration=3'],
    ...['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=15:duration=3'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=6'],
    ...['-filter_complex', '[0:v][1:v]concat=n=2:v=1:a=0,settb=1/30000[v]', '-map', '[v]', '-map', '2:a'],
    ...['-fps_mode', 'vfr', '-c:v', 'mpeg4', '-q:v', '5', '-c:a', 'aac', file],
  ]);
  return file;
}

beforeAll(async () => {
  dir = await makeTempDir('bvp-profile-vfr-');
  source = await makeVfrClip(dir.join('vfr.mp4'));
  input = await probe(source, { ffprobe });
});
afterAll(() => dir?.cleanup());

async function transcode(name: string, profile: Profile, overrides: JobOverrides, info = input) {
  const outputPath = dir.join(`${name}.${profile.container}`);
  await encode(buildFfmpegArgs({ inputPath: source, outputPath, input: info, profile, overrides }));
  const result = await verifyOutput({ outputPath, input, profile, overrides, ffprobe });
  return { outputPath, result, failed: result.checks.filter((c) => !c.ok) };
}

describe('a variable-frame-rate source', () => {
  it('is flagged variable by probe(), at its average rate', () => {
    const video = videoStreams(input)[0];
    expect(video.variableFrameRate).toBe(true);
    expect(video.frameRateRational).toBe('2025/89');
    expect(video.frameRate).toBeCloseTo(22.753, 3);
  });

  it('fails verification with a frame-count GOP at the average rate and no re-timing (the old arguments)', async () => {
    // What the builder did before: the stream taken as constant, so -g 23 and ffmpeg's own timing.
    const asConstant: MediaInfo = {
      ...input,
      streams: input.streams.map((s) => (s.type === 'video' ? { ...s, variableFrameRate: false } : s)),
    };
    const { failed } = await transcode('old-h264', builtin('live-h264'), oneSecond, asConstant);
    expect(failed.map((c) => c.name)).toEqual(['keyframes']);
    expect(failed[0].message).toMatch(/extra keyframes at 0\.767/);
  });

  it('live-h264 with 1 s forced keyframes: a constant 22.75 fps output with a keyframe every 23 frames, verified', async () => {
    const { outputPath, result, failed } = await transcode('h264', builtin('live-h264'), oneSecond);
    expect(failed).toEqual([]);
    expect(result.ok).toBe(true);
    const out = videoStreams(result.output!)[0];
    expect(out.variableFrameRate).toBe(false);
    expect(out.frameRateRational).toBe('2025/89');
    const { keyframes, frames } = await keyframeIndices(outputPath);
    expect(frames).toBeGreaterThanOrEqual(135);
    expect(frames).toBeLessThanOrEqual(137);
    expect(keyframes).toEqual(multiplesBelow(23, frames));
    expect(describeReadiness(input, builtin('live-h264'), oneSecond).changes).toContain(
      'variable frame rate source: the output will be constant 22.75 fps (the average), so forced keyframes stay exact',
    );
  });

  it('live-linux-hevc-mkv with 1 s forced keyframes: verified in Matroska too', async () => {
    const { failed } = await transcode('hevc', builtin('live-linux-hevc-mkv'), oneSecond);
    expect(failed).toEqual([]);
  });

  it('max keyframes in Matroska keep the variable timing and are never more than the interval apart', async () => {
    const video = { ...builtin('standard-playback').video!, keyframes: { mode: 'max', seconds: 1 } as const };
    const profile: Profile = { ...builtin('standard-playback'), container: 'mkv', video };
    const { outputPath, failed } = await transcode('max', profile, { preset: 'fast' });
    expect(failed).toEqual([]);
    // Not re-timed: the source's 135 frames, where a constant 30 fps would have made 180.
    expect((await keyframeIndices(outputPath)).frames).toBe(135);
    const times = await readKeyframeTimes(outputPath, { ffprobe, streamIndex: 0 });
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    // One source frame late at most: 1/15 s on the slow half.
    for (const gap of gaps) expect(gap).toBeLessThanOrEqual(1 + 1 / 15 + 0.002);
    expect(times.length).toBeGreaterThanOrEqual(6);
  });
});
