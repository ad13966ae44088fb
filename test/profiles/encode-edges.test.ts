import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobOverrides } from '../../machines/types.ts';
import { buildFfmpegArgs, checkInputFits } from '../../src/profiles/args.ts';
import type { Profile } from '../../src/profiles/schema.ts';
import { BUILTIN_PROFILES } from '../../src/profiles/validate.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import {
  encode,
  ffprobeJson,
  intraFrameIndices,
  keyframeIndices,
  mediaInfoOf,
  multiplesBelow,
} from './ffprobe.ts';

const builtin = (name: string): Profile => BUILTIN_PROFILES.find((p) => p.name === name)!;
const fast: JobOverrides = { preset: 'fast' };

let dir: TempDir;
beforeAll(async () => {
  dir = await makeTempDir('bvp-profile-edges-');
});
afterAll(() => dir?.cleanup());

async function transcode(source: string, output: string, profile: Profile, overrides: JobOverrides = {}) {
  const input = await mediaInfoOf(source);
  await encode(buildFfmpegArgs({ inputPath: source, outputPath: output, input, profile, overrides }));
  return ffprobeJson(output);
}

function videoSize(probe: Awaited<ReturnType<typeof ffprobeJson>>): [number, number] {
  const video = probe.streams.find((s) => s.codec_type === 'video')!;
  return [video.width!, video.height!];
}

describe('scaling in real encodes', () => {
  it('does not upscale a small source under a stream profile', async () => {
    const source = await makeClip(dir.join('small.mp4'), { seconds: 2, width: 160, height: 90 });
    const probe = await transcode(source, dir.join('small-out.mp4'), builtin('stream-hd'), fast);
    expect(videoSize(probe)).toEqual([160, 90]);
  });

  it('downscales into the box keeping the aspect ratio, landscape and portrait', async () => {
    const wide = await makeClip(dir.join('wide.mp4'), { seconds: 2, width: 320, height: 180 });
    const box: JobOverrides = { ...fast, resolution: { width: 160, height: 160 } };
    expect(videoSize(await transcode(wide, dir.join('wide-out.mp4'), builtin('stream-hd'), box))).toEqual([
      160, 90,
    ]);
    const tall = await makeClip(dir.join('tall.mp4'), { seconds: 2, width: 180, height: 320 });
    expect(videoSize(await transcode(tall, dir.join('tall-out.mp4'), builtin('stream-hd'), box))).toEqual([
      90, 160,
    ]);
  });
});

describe('file names are data', () => {
  for (const name of ['-i.mov', 'two words.mov', `quote'"é.mov`]) {
    it(`reads and writes ${name}`, async () => {
      const source = await makeClip(dir.join(name), { seconds: 1 });
      const probe = await transcode(source, dir.join(`-out ${name}`), builtin('live-qlab'));
      expect(probe.streams.map((s) => s.codec_name)).toEqual(['prores', 'pcm_s24le']);
    });
  }
});

describe('streams', () => {
  it('keeps every audio track by default and only the first for audio-qlab', async () => {
    const source = await makeClip(dir.join('tracks.mkv'), { seconds: 2, extraAudioTracks: 2 });
    const all = await transcode(source, dir.join('tracks.mov'), builtin('live-qlab'));
    expect(all.streams.filter((s) => s.codec_type === 'audio')).toHaveLength(3);
    const wav = await transcode(source, dir.join('tracks.wav'), builtin('audio-qlab'));
    expect(wav.streams.map((s) => [s.codec_type, s.codec_name, s.sample_rate])).toEqual([
      ['audio', 'pcm_s24le', '48000'],
    ]);
  });

  it('makes audio-qlab from an audio-only file, and refuses a video profile on it', async () => {
    const source = await makeClip(dir.join('cue.wav'), { seconds: 2, audioOnly: true, audioRate: 44100 });
    const wav = await transcode(source, dir.join('cue-out.wav'), builtin('audio-qlab'));
    expect(wav.streams[0].sample_rate).toBe('48000');
    expect(checkInputFits(await mediaInfoOf(source), builtin('live-h264'))).toMatch(/no video stream/);
  });

  it('keeps the source timecode in mov and mp4', async () => {
    const source = dir.join('tc.mov');
    await execa('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=30000/1001:duration=1'],
      ...['-c:v', 'mpeg4', '-timecode', '01:00:00;00', source],
    ]);
    const mov = await transcode(source, dir.join('tc-out.mov'), builtin('live-qlab'));
    expect(mov.streams.find((s) => s.codec_type === 'video')?.tags?.timecode).toBe('01:00:00;00');
    const mp4 = await transcode(source, dir.join('tc-out.mp4'), builtin('live-h264'), fast);
    expect(mp4.streams.find((s) => s.codec_type === 'video')?.tags?.timecode).toBe('01:00:00;00');
  });
});

describe('forced keyframes survive scene cuts', () => {
  let cuts: string;
  beforeAll(async () => {
    // Hard cuts every 0.65 s (negated and hue-shifted picture): enough for x264/x265 scene-cut detection.
    cuts = dir.join('cuts.mov');
    await execa('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i'],
      "testsrc2=size=160x90:rate=30000/1001:duration=11,negate=enable='gt(mod(t,1.3),0.65)',hue=h=t*90",
      ...['-c:v', 'mpeg4', '-q:v', '5', cuts],
    ]);
  });

  it('the clip really has scene cuts an encoder would key on', async () => {
    const out = dir.join('cuts-default.mp4');
    await execa('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-i',
      cuts,
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-g',
      '150',
      out,
    ]);
    const { keyframes } = await keyframeIndices(out);
    expect(keyframes).not.toEqual([0, 150, 300]);
  });

  for (const [name, every, overrides] of [
    ['live-h264', 150, fast],
    // Once at the profile's own preset (slow): lookahead and B-frame decisions differ from veryfast.
    ['live-h264', 150, {}],
    ['live-linux-hevc-mkv', 150, fast],
    ['stream-hd', 60, fast],
  ] as const) {
    const label = `${name}${overrides.preset ? '' : ' at its own preset'}`;
    it(`${label}: keyframes exactly every ${every} frames and nowhere else`, async () => {
      const output = dir.join(`cuts-${name}-${overrides.preset ?? 'own'}`);
      await transcode(cuts, output, builtin(name), overrides);
      const { keyframes, frames } = await keyframeIndices(output);
      expect(frames).toBe(330);
      expect(keyframes).toEqual(multiplesBelow(every, frames));
      // No scene-cut I frames either: every intra frame is one of the forced keyframes.
      expect(await intraFrameIndices(output)).toEqual(multiplesBelow(every, frames));
    });
  }

  it('without a probed frame rate, forces keyframes by time (x264 and x265)', async () => {
    const info = await mediaInfoOf(cuts);
    const unknownRate = {
      ...info,
      streams: info.streams.map((s) => (s.type === 'video' ? { ...s, frameRate: null } : s)),
    };
    for (const name of ['live-h264', 'stream-hd']) {
      const output = dir.join(`cuts-norate-${name}`);
      const overrides: JobOverrides = { ...fast, keyframeSeconds: 2 };
      const profile = builtin(name);
      await encode(
        buildFfmpegArgs({ inputPath: cuts, outputPath: output, input: unknownRate, profile, overrides }),
      );
      const { keyframes, frames } = await keyframeIndices(output);
      expect(keyframes, name).toEqual(multiplesBelow(60, frames));
    }
  });
});
