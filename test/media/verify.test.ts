import { writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaInfo } from '../../src/media/media-info.ts';
import { probe } from '../../src/media/probe.ts';
import { type VerifyResult, verifyOutput } from '../../src/media/verify.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { builtinProfile } from './profile-fixtures.ts';

const ffprobe = 'ffprobe';
let dir: TempDir;
let source: string;
let input: MediaInfo;

beforeAll(async () => {
  dir = await makeTempDir('bvp-verify-');
  source = await makeClip(dir.join('source.mov'), { seconds: 2, fps: '25' });
  input = await probe(source, { ffprobe });
});
afterAll(async () => {
  await dir.cleanup();
});

/** Plain ffmpeg arguments, written out in each test: verification must judge any encoder's output. */
async function encode(name: string, args: string[]): Promise<string> {
  const out = dir.join(name);
  await execa('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', '-i', source, ...args, out]);
  return out;
}

function check(result: VerifyResult, name: string) {
  return result.checks.find((c) => c.name === name);
}

function failedNames(result: VerifyResult): string[] {
  return result.checks.filter((c) => !c.ok).map((c) => c.name);
}

const prores = (profileNumber: string) => [
  '-c:v',
  'prores_ks',
  '-profile:v',
  profileNumber,
  '-pix_fmt',
  'yuv422p10le',
];
const pcm48 = ['-c:a', 'pcm_s24le', '-ar', '48000'];

describe('verifyOutput on real encodes', () => {
  const archival = builtinProfile('archival');

  it('passes a ProRes HQ (profile 3) encode for the archival profile', async () => {
    const out = await encode('hq.mov', [...prores('3'), ...pcm48]);
    const result = await verifyOutput({ outputPath: out, input, profile: archival, ffprobe });
    expect(failedNames(result)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.output?.path).toBe(out);
    expect(check(result, 'video.prores_profile')).toMatchObject({
      ok: true,
      expected: 'apch',
      actual: 'apch',
    });
    expect(check(result, 'readable')?.ok).toBe(true);
  });

  it('fails ProRes profile 4 (4444) where the profile says HQ', async () => {
    const out = await encode('4444.mov', [...prores('4'), ...pcm48]);
    const result = await verifyOutput({ outputPath: out, input, profile: archival, ffprobe });
    expect(result.ok).toBe(false);
    expect(check(result, 'video.prores_profile')).toMatchObject({
      ok: false,
      expected: 'apch',
      actual: 'ap4h',
    });
  });

  it('fails a 44.1 kHz output where the profile says 48 kHz', async () => {
    const out = await encode('441.mov', [...prores('3'), '-c:a', 'pcm_s24le', '-ar', '44100']);
    const result = await verifyOutput({ outputPath: out, input, profile: archival, ffprobe });
    expect(failedNames(result)).toEqual(['audio.sample_rate']);
    expect(check(result, 'audio.sample_rate')).toMatchObject({ expected: '48000', actual: '44100' });
  });

  it('fails a truncated encode (only the first half)', async () => {
    const out = await encode('half.mov', [...prores('3'), ...pcm48, '-t', '1']);
    const result = await verifyOutput({ outputPath: out, input, profile: archival, ffprobe });
    expect(failedNames(result)).toEqual(['duration']);
    expect(check(result, 'duration')).toMatchObject({ expected: '2 s ± 0.5 s', actual: '1 s' });
  });

  it('passes an audio-only wav from a video source for audio-qlab', async () => {
    const out = await encode('cue.wav', ['-vn', '-map', '0:a:0', ...pcm48]);
    const result = await verifyOutput({
      outputPath: out,
      input,
      profile: builtinProfile('audio-qlab'),
      ffprobe,
    });
    expect(failedNames(result)).toEqual([]);
    expect(check(result, 'video.stream')).toMatchObject({
      expected: 'no video stream',
      actual: 'no video stream',
    });
  });

  it('reports an unreadable output as a failed check, not a throw', async () => {
    const out = dir.join('garbage.mov');
    await writeFile(out, 'not a movie at all');
    const result = await verifyOutput({ outputPath: out, input, profile: archival, ffprobe });
    expect(result).toMatchObject({ ok: false, output: null });
    expect(result.checks).toEqual([
      expect.objectContaining({
        name: 'readable',
        ok: false,
        actual: 'unreadable',
        message: expect.stringContaining(out),
      }),
    ]);
  });

  it('reports a missing output as a failed readable check', async () => {
    const result = await verifyOutput({
      outputPath: dir.join('never-written.mov'),
      input,
      profile: archival,
      ffprobe,
    });
    expect(result.checks).toEqual([
      expect.objectContaining({ name: 'readable', ok: false, actual: 'missing' }),
    ]);
  });

  it('throws when verification cannot run at all (no ffprobe)', async () => {
    const out = await encode('hq2.mov', [...prores('3'), ...pcm48]);
    await expect(
      verifyOutput({ outputPath: out, input, profile: archival, ffprobe: dir.join('missing-ffprobe') }),
    ).rejects.toMatchObject({ code: 'ffmpeg.missing' });
  });
});

describe('verifyOutput keyframes', () => {
  const liveH264 = builtinProfile('live-h264');
  // A 1 s interval on a 2 s, 25 fps clip keeps the encodes tiny: keyframes at frames 0 and 25.
  const overrides = { keyframeSeconds: 1 };
  const x264 = [
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-ar',
    '48000',
  ];

  it('passes a keyframe exactly every interval (frame-count GOP, no scene cuts)', async () => {
    const out = await encode('kf-good.mp4', [...x264, '-g', '25', '-sc_threshold', '0']);
    const result = await verifyOutput({ outputPath: out, input, profile: liveH264, overrides, ffprobe });
    expect(failedNames(result)).toEqual([]);
    expect(check(result, 'keyframes')).toMatchObject({ ok: true, actual: '2 keyframes at 0, 1' });
  });

  it('fails an extra keyframe in between', async () => {
    const out = await encode('kf-extra.mp4', [
      ...x264,
      '-g',
      '25',
      '-sc_threshold',
      '0',
      '-force_key_frames',
      '0.52',
    ]);
    const result = await verifyOutput({ outputPath: out, input, profile: liveH264, overrides, ffprobe });
    expect(failedNames(result)).toEqual(['keyframes']);
    expect(check(result, 'keyframes')).toMatchObject({
      expected: 'a keyframe every 1 s (±1 frame), none in between',
      message: expect.stringContaining('extra keyframes at 0.52 s'),
    });
  });

  it('fails a GOP longer than the interval (a keyframe missing)', async () => {
    const out = await encode('kf-long.mp4', [...x264, '-g', '50', '-sc_threshold', '0']);
    const result = await verifyOutput({ outputPath: out, input, profile: liveH264, overrides, ffprobe });
    expect(check(result, 'keyframes')).toMatchObject({ ok: false, message: 'no keyframe near 1 s' });
  });

  it('fails a GOP shorter than the interval', async () => {
    const out = await encode('kf-short.mp4', [...x264, '-g', '12', '-sc_threshold', '0']);
    const result = await verifyOutput({ outputPath: out, input, profile: liveH264, overrides, ffprobe });
    expect(check(result, 'keyframes')).toMatchObject({
      ok: false,
      actual: 'keyframes at 0, 0.48, 0.96, 1.44, 1.92',
      message: expect.stringContaining('extra keyframes at 0.48'),
    });
  });

  it('checks the hvc1 tag and x265 keyframes of a streaming profile', async () => {
    const x265 = [
      '-c:v',
      'libx265',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      '-x265-params',
      'log-level=error:keyint=25:min-keyint=25:scenecut=0:open-gop=0',
      '-c:a',
      'aac',
      '-ar',
      '48000',
    ];
    const streamHd = builtinProfile('stream-hd');
    const untagged = await verifyOutput({
      outputPath: await encode('hev1.mp4', x265),
      input,
      profile: streamHd,
      overrides,
      ffprobe,
    });
    expect(failedNames(untagged)).toEqual(['video.tag']);
    expect(check(untagged, 'video.tag')).toMatchObject({ expected: 'hvc1', actual: 'hev1' });
    const tagged = await verifyOutput({
      outputPath: await encode('hvc1.mp4', [...x265, '-tag:v', 'hvc1']),
      input,
      profile: streamHd,
      overrides,
      ffprobe,
    });
    expect(failedNames(tagged)).toEqual([]);
  });
});
