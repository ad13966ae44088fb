import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobOverrides } from '../../machines/types.ts';
import type { MediaInfo } from '../../src/media/media-info.ts';
import { probe } from '../../src/media/probe.ts';
import { verifyOutput } from '../../src/media/verify.ts';
import { buildFfmpegArgs } from '../../src/profiles/args.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { builtinProfile } from './profile-fixtures.ts';

const ffprobe = 'ffprobe';
let dir: TempDir;
let source: string;
let input: MediaInfo;

beforeAll(async () => {
  dir = await makeTempDir('bvp-verify-builder-');
  // 29.97 fps, two 44.1 kHz tracks: frame-count GOPs, resampling and track mapping all get exercised.
  source = await makeClip(dir.join('source.mov'), {
    seconds: 3,
    fps: '30000/1001',
    width: 320,
    height: 180,
    audioRate: 44100,
    extraAudioTracks: 1,
  });
  input = await probe(source, { ffprobe });
});
afterAll(async () => {
  await dir.cleanup();
});

/** The argument builder and verification agree: what the builder asks for is what verification accepts. */
const cases: [string, string, JobOverrides][] = [
  ['live-qlab', 'mov', {}],
  ['audio-qlab', 'wav', {}],
  ['live-h264', 'mp4', { keyframeSeconds: 1, preset: 'fast' }],
  ['live-linux-hevc-mkv', 'mkv', { keyframeSeconds: 1, preset: 'fast' }],
  ['stream-hd', 'mp4', { resolution: { width: 160, height: 160 }, preset: 'fast' }],
];

describe('verifyOutput on outputs of buildFfmpegArgs', () => {
  it.each(cases)('accepts %s', async (name, ext, overrides) => {
    const profile = builtinProfile(name);
    const outputPath = dir.join(`${name}.${ext}`);
    await execa('ffmpeg', buildFfmpegArgs({ inputPath: source, outputPath, input, profile, overrides }));
    const result = await verifyOutput({ outputPath, input, profile, overrides, ffprobe });
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
