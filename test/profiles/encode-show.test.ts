import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaInfo } from '../../src/media/media-info.ts';
import { probe } from '../../src/media/probe.ts';
import { verifyOutput } from '../../src/media/verify.ts';
import { buildFfmpegArgs } from '../../src/profiles/args.ts';
import type { Profile } from '../../src/profiles/schema.ts';
import { BUILTIN_PROFILES } from '../../src/profiles/validate.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { makeAlphaClip, minAlpha } from './clips-show.ts';
import { lacksEncoder } from './encoder-gate.ts';
import { encode, ffprobeJson, intraFrameIndices, keyframeIndices, multiplesBelow } from './ffprobe.ts';
import { SHOW_PROFILES } from './show-profiles.ts';

/**
 * The show-media profiles, really encoded with the builder's argv, verified by verifyOutput (which must pass) and
 * judged again by raw ffprobe: codec tag, pixel format, sizes a multiple of 4 for HAP (also from a 1918×1078
 * source), a real alpha plane, GOP and B-frames for the loop profiles.
 */
type Source = 'plain' | 'odd' | 'alpha';
interface Expected {
  source: Source;
  codec: string;
  tag?: string;
  profile?: string;
  pixFmt: string;
  size: [number, number];
  alpha?: boolean;
  loop?: boolean;
}

const EXPECTED: Record<string, Expected[]> = {
  hap: [
    { source: 'plain', codec: 'hap', tag: 'Hap1', pixFmt: 'rgb0', size: [320, 180] },
    { source: 'odd', codec: 'hap', tag: 'Hap1', pixFmt: 'rgb0', size: [1916, 1076] },
  ],
  'hap-alpha': [
    { source: 'alpha', codec: 'hap', tag: 'Hap5', pixFmt: 'rgba', size: [320, 180], alpha: true },
    { source: 'odd', codec: 'hap', tag: 'Hap5', pixFmt: 'rgba', size: [1916, 1076] },
  ],
  'hap-q': [
    { source: 'plain', codec: 'hap', tag: 'HapY', pixFmt: 'rgb0', size: [320, 180] },
    { source: 'odd', codec: 'hap', tag: 'HapY', pixFmt: 'rgb0', size: [1916, 1076] },
  ],
  'prores-4444': [
    { source: 'alpha', codec: 'prores', tag: 'ap4h', pixFmt: 'yuva444p12le', size: [320, 180], alpha: true },
    { source: 'plain', codec: 'prores', tag: 'ap4h', pixFmt: 'yuv444p12le', size: [320, 180] },
  ],
  'dnxhr-hq': [{ source: 'plain', codec: 'dnxhd', profile: 'DNXHR HQ', pixFmt: 'yuv422p', size: [320, 180] }],
  'dnxhr-hqx': [
    { source: 'plain', codec: 'dnxhd', profile: 'DNXHR HQX', pixFmt: 'yuv422p10le', size: [320, 180] },
  ],
  'loop-h264': [
    { source: 'plain', codec: 'h264', tag: 'avc1', pixFmt: 'yuv420p', size: [320, 180], loop: true },
  ],
  'loop-hevc': [
    { source: 'plain', codec: 'hevc', tag: 'hvc1', pixFmt: 'yuv420p', size: [320, 180], loop: true },
  ],
};

const ENCODER: Record<string, string> = {
  hap: 'hap',
  prores: 'prores_ks',
  dnxhd: 'dnxhd',
  h264: 'libx264',
  hevc: 'libx265',
};
const profile = (name: string): Profile => BUILTIN_PROFILES.find((p) => p.name === name)!;

let dir: TempDir;
const sources = {} as Record<Source, { path: string; info: MediaInfo }>;

beforeAll(async () => {
  dir = await makeTempDir('bvp-show-');
  const made: Record<Source, Promise<string>> = {
    // DNxHR needs at least 256×120; 2 s at 25 fps shows two whole 1 s GOPs.
    plain: makeClip(dir.join('plain.mov'), {
      seconds: 2,
      fps: '25',
      width: 320,
      height: 180,
      audioRate: 44100,
    }),
    odd: makeClip(dir.join('odd.mov'), { seconds: 0.2, fps: '25', width: 1918, height: 1078 }),
    alpha: makeAlphaClip(dir.join('alpha.mov'), { seconds: 1 }),
  };
  for (const key of Object.keys(made) as Source[]) {
    const path = await made[key];
    sources[key] = { path, info: await probe(path, { ffprobe: 'ffprobe' }) };
  }
});
afterAll(() => dir?.cleanup());

async function run(p: Profile, source: Source, label: string): Promise<string> {
  const output = dir.join(`${label}.out`);
  const { path, info } = sources[source];
  await encode(buildFfmpegArgs({ inputPath: path, outputPath: output, input: info, profile: p }));
  const verdict = await verifyOutput({
    outputPath: output,
    input: info,
    profile: p,
    ffprobe: 'ffprobe',
    ffmpeg: 'ffmpeg',
  });
  expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
  return output;
}

describe('show-media profiles encode to what they promise', () => {
  it('covers every new built-in', () => {
    for (const name of Object.keys(EXPECTED)) expect(BUILTIN_PROFILES.map((p) => p.name)).toContain(name);
    expect(Object.keys(EXPECTED).sort()).toEqual([...SHOW_PROFILES].sort());
  });

  for (const [name, cases] of Object.entries(EXPECTED)) {
    for (const expected of cases) {
      const skip = lacksEncoder(ENCODER[expected.codec]);
      it.skipIf(skip)(`${name} from the ${expected.source} source`, async () => {
        const output = await run(profile(name), expected.source, `${name}-${expected.source}`);
        const probed = await ffprobeJson(output);
        const [video] = probed.streams.filter((s) => s.codec_type === 'video');
        expect(video.codec_name).toBe(expected.codec);
        if (expected.tag) expect(video.codec_tag_string).toBe(expected.tag);
        if (expected.profile) expect(video.profile).toBe(expected.profile);
        expect(video.pix_fmt).toBe(expected.pixFmt);
        expect([video.width, video.height]).toEqual(expected.size);
        if (expected.codec === 'hap') expect([video.width! % 4, video.height! % 4]).toEqual([0, 0]);
        if (expected.alpha) expect(await minAlpha(output)).toBeLessThan(255);
        if (expected.source === 'plain' && name !== 'hap-alpha') {
          const audio = probed.streams.filter((s) => s.codec_type === 'audio');
          expect(audio.map((a) => a.sample_rate)).toEqual(['48000']);
        }
        if (expected.loop) {
          const { keyframes, frames } = await keyframeIndices(output);
          expect(frames).toBe(50);
          expect(keyframes).toEqual(multiplesBelow(25, frames));
          expect(await intraFrameIndices(output)).toEqual(multiplesBelow(25, frames));
          expect((video as { has_b_frames?: number }).has_b_frames).toBe(0);
          expect(video.avg_frame_rate).toBe('25/1');
          expect(video.r_frame_rate).toBe('25/1');
        }
      });
    }
  }

  it.skipIf(lacksEncoder('hap'))(
    'pads instead of scaling when the profile says so (1918×1078 → 1920×1080)',
    async () => {
      const hap = profile('hap');
      const padded: Profile = { ...hap, name: 'hap-pad', video: { ...hap.video!, size_fit: 'pad' } };
      const output = await run(padded, 'odd', 'hap-pad');
      const [video] = (await ffprobeJson(output)).streams;
      expect([video.width, video.height]).toEqual([1920, 1080]);
    },
  );

  it.skipIf(lacksEncoder('libx264'))('loop-h264 has no B-frames at all and a level at most 5.2', async () => {
    const output = dir.join('loop-h264-plain.out');
    const info = await probe(output, { ffprobe: 'ffprobe' });
    const video = info.streams.find((s) => s.type === 'video');
    expect(video?.type === 'video' && video.hasBFrames).toBe(false);
    expect(video?.type === 'video' && (video.level ?? 99) <= 5.2).toBe(true);
  });
});
