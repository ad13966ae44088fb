import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobOverrides } from '../../machines/types.ts';
import type { MediaInfo } from '../../src/media/media-info.ts';
import { buildFfmpegArgs } from '../../src/profiles/args.ts';
import { BUILTIN_PROFILES } from '../../src/profiles/validate.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { encode, ffprobeJson, keyframeIndices, mediaInfoOf, multiplesBelow } from './ffprobe.ts';
import { SHOW_PROFILES } from './show-profiles.ts';

/**
 * Every built-in profile, really encoded with the builder's argv and judged by raw ffprobe. The source is 29.97 fps
 * (30000/1001), 11 s (two whole 5 s keyframe intervals), 160×90, with two 44.1 kHz audio tracks so resampling to
 * 48 kHz and keeping all tracks both show.
 */
interface Expected {
  /** mp4 and mov share ffprobe's format_name; the major brand tells them apart. */
  format: string;
  brand?: string;
  video: { codec: string; pixFmt: string; tag?: string; profile?: string } | null;
  audio: { codec: string; tracks: number };
  keyframes: { every: number } | { atMost: number } | 'all' | 'any';
}

const EXPECTED: Record<string, Expected> = {
  'live-qlab': {
    format: 'mov,mp4,m4a,3gp,3g2,mj2',
    brand: 'qt  ',
    video: { codec: 'prores', pixFmt: 'yuv422p10le', tag: 'apco', profile: 'Proxy' },
    audio: { codec: 'pcm_s24le', tracks: 2 },
    keyframes: 'all',
  },
  'audio-qlab': { format: 'wav', video: null, audio: { codec: 'pcm_s24le', tracks: 1 }, keyframes: 'any' },
  'live-prores-lt': {
    format: 'mov,mp4,m4a,3gp,3g2,mj2',
    brand: 'qt  ',
    video: { codec: 'prores', pixFmt: 'yuv422p10le', tag: 'apcs', profile: 'LT' },
    audio: { codec: 'pcm_s24le', tracks: 2 },
    keyframes: 'all',
  },
  'live-h264': {
    format: 'mov,mp4,m4a,3gp,3g2,mj2',
    brand: 'isom',
    video: { codec: 'h264', pixFmt: 'yuv420p', tag: 'avc1' },
    audio: { codec: 'aac', tracks: 2 },
    keyframes: { every: 150 },
  },
  'live-linux-hevc-mkv': {
    format: 'matroska,webm',
    video: { codec: 'hevc', pixFmt: 'yuv420p' },
    audio: { codec: 'aac', tracks: 2 },
    keyframes: { every: 150 },
  },
  'standard-playback': {
    format: 'mov,mp4,m4a,3gp,3g2,mj2',
    brand: 'isom',
    video: { codec: 'h264', pixFmt: 'yuv420p', tag: 'avc1' },
    audio: { codec: 'aac', tracks: 2 },
    keyframes: { atMost: 300 },
  },
  'stream-hd': {
    format: 'mov,mp4,m4a,3gp,3g2,mj2',
    brand: 'isom',
    video: { codec: 'hevc', pixFmt: 'yuv420p', tag: 'hvc1' },
    audio: { codec: 'aac', tracks: 2 },
    keyframes: { every: 60 },
  },
  'stream-4k': {
    format: 'mov,mp4,m4a,3gp,3g2,mj2',
    brand: 'isom',
    video: { codec: 'hevc', pixFmt: 'yuv420p', tag: 'hvc1' },
    audio: { codec: 'aac', tracks: 2 },
    keyframes: { every: 60 },
  },
  archival: {
    format: 'mov,mp4,m4a,3gp,3g2,mj2',
    brand: 'qt  ',
    video: { codec: 'prores', pixFmt: 'yuv422p10le', tag: 'apch', profile: 'HQ' },
    audio: { codec: 'pcm_s24le', tracks: 2 },
    keyframes: 'all',
  },
  'archival-linux-mkv': {
    format: 'matroska,webm',
    video: { codec: 'hevc', pixFmt: 'yuv422p10le' },
    audio: { codec: 'pcm_s24le', tracks: 2 },
    keyframes: 'any',
  },
};

const SECONDS = 11;
let dir: TempDir;
let source: string;
let info: MediaInfo;

beforeAll(async () => {
  dir = await makeTempDir('bvp-profiles-');
  source = await makeClip(dir.join('source.mov'), {
    seconds: SECONDS,
    fps: '30000/1001',
    width: 160,
    height: 90,
    audioRate: 44100,
    extraAudioTracks: 1,
  });
  info = await mediaInfoOf(source);
});

afterAll(() => dir?.cleanup());

describe('built-in profiles encode to what they promise', () => {
  it('covers every built-in (the show-media ones in encode-show.test.ts)', () => {
    expect([...Object.keys(EXPECTED), ...SHOW_PROFILES].sort()).toEqual(
      BUILTIN_PROFILES.map((p) => p.name).sort(),
    );
  });

  for (const profile of BUILTIN_PROFILES.filter((p) => !SHOW_PROFILES.includes(p.name))) {
    it(profile.name, async () => {
      const expected = EXPECTED[profile.name];
      // Speed only: the x264/x265 presets change no property checked here.
      const overrides: JobOverrides = profile.video?.codec === 'prores_ks' ? {} : { preset: 'fast' };
      const output = dir.join(`${profile.name}.out`);
      const args = buildFfmpegArgs({
        inputPath: source,
        outputPath: output,
        input: info,
        profile,
        overrides,
      });
      const progress = await encode(args);
      expect(progress).toContain('progress=end');

      const probe = await ffprobeJson(output);
      expect(probe.format.format_name).toBe(expected.format);
      if (expected.brand) expect(probe.format.tags?.major_brand).toBe(expected.brand);
      expect(Number(probe.format.duration)).toBeCloseTo(SECONDS, 0);

      const videos = probe.streams.filter((s) => s.codec_type === 'video');
      const audios = probe.streams.filter((s) => s.codec_type === 'audio');
      expect(audios).toHaveLength(expected.audio.tracks);
      for (const audio of audios) {
        expect(audio.codec_name).toBe(expected.audio.codec);
        expect(audio.sample_rate).toBe('48000');
      }
      if (!expected.video) {
        expect(videos).toHaveLength(0);
        return;
      }
      expect(videos).toHaveLength(1);
      const [video] = videos;
      expect(video.codec_name).toBe(expected.video.codec);
      expect(video.pix_fmt).toBe(expected.video.pixFmt);
      expect([video.width, video.height]).toEqual([160, 90]);
      expect(video.avg_frame_rate).toBe('30000/1001');
      if (expected.video.tag) expect(video.codec_tag_string).toBe(expected.video.tag);
      if (expected.video.profile) expect(video.profile).toBe(expected.video.profile);

      const { keyframes, frames } = await keyframeIndices(output);
      expect(frames).toBe(330);
      const policy = expected.keyframes;
      if (policy === 'all') expect(keyframes).toHaveLength(frames);
      else if (policy !== 'any' && 'every' in policy)
        expect(keyframes).toEqual(multiplesBelow(policy.every, frames));
      else if (policy !== 'any') {
        const gaps = keyframes.slice(1).map((k, i) => k - keyframes[i]);
        expect(Math.max(...gaps, frames - keyframes.at(-1)!)).toBeLessThanOrEqual(policy.atMost);
      }
    });
  }

  it('stream-hd caps the rate in x265 itself (vbv-maxrate/vbv-bufsize in the encoder info SEI)', async () => {
    const bytes = await readFile(dir.join('stream-hd.out'), 'latin1');
    expect(bytes).toMatch(/vbv-maxrate=8000 vbv-bufsize=16000/);
    expect(bytes).toMatch(/ scenecut=0 /);
  });

  it('live-h264 keeps CRF quality with no cap (x264 info SEI)', async () => {
    const bytes = await readFile(dir.join('live-h264.out'), 'latin1');
    expect(bytes).toMatch(/rc=crf .*crf=18\.0/);
    expect(bytes).toMatch(/scenecut=0/);
    expect(bytes).not.toMatch(/vbv_maxrate/);
  });
});
