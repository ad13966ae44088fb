import { describe, expect, it } from 'vitest';
import type { AudioStreamInfo, MediaInfo, VideoStreamInfo } from '../../src/media/media-info.ts';
import { buildFfmpegArgs, checkInputFits } from '../../src/profiles/args.ts';
import { constantOutputRate } from '../../src/profiles/args-frame-rate.ts';
import { gopFrames, keyframeArgs } from '../../src/profiles/args-keyframes.ts';
import { formatBitrate, parseBitrate, rateControlArgs } from '../../src/profiles/args-rate.ts';
import type { Profile } from '../../src/profiles/schema.ts';
import { BUILTIN_PROFILES } from '../../src/profiles/validate.ts';

const builtin = (name: string): Profile => BUILTIN_PROFILES.find((p) => p.name === name)!;

function videoStream(over: Partial<VideoStreamInfo> = {}): VideoStreamInfo {
  return {
    type: 'video',
    index: 0,
    codec: 'h264',
    codecTag: 'avc1',
    profile: 'High',
    width: 1920,
    height: 1080,
    pixelFormat: 'yuv420p',
    frameRate: 30000 / 1001,
    frameRateRational: '30000/1001',
    variableFrameRate: false,
    fieldOrder: 'progressive',
    durationSeconds: 10,
    attachedPicture: false,
    ...over,
  };
}

function audioStream(index: number): AudioStreamInfo {
  return {
    type: 'audio',
    index,
    codec: 'pcm_s16le',
    sampleRate: 44100,
    channels: 2,
    channelLayout: 'stereo',
    durationSeconds: 10,
  };
}

function media(streams: MediaInfo['streams']): MediaInfo {
  return {
    path: '/in/clip.mov',
    formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
    durationSeconds: 10,
    bitRate: null,
    sizeBytes: null,
    streams,
  };
}

const clip = media([videoStream(), audioStream(1), audioStream(2)]);

function build(profile: Profile, input: MediaInfo = clip, overrides = {}): string[] {
  return buildFfmpegArgs({
    inputPath: '/in/clip.mov',
    outputPath: '/out/.clip.tmp',
    input,
    profile,
    overrides,
  });
}

/** The value following `option` in argv (first occurrence). */
function optionValue(args: string[], option: string): string | undefined {
  const at = args.indexOf(option);
  return at < 0 ? undefined : args[at + 1];
}

describe('buildFfmpegArgs', () => {
  it('builds the exact argv for live-qlab (ProRes Proxy, PCM, all audio)', () => {
    // biome-ignore format: one option per pair reads better
    expect(build(builtin('live-qlab'))).toEqual([
      '-hide_banner', '-nostdin', '-y', '-progress', 'pipe:1', '-nostats',
      '-i', 'file:/in/clip.mov',
      '-map', '0:0', '-map', '0:1', '-map', '0:2', '-map_metadata', '0',
      '-c:v', 'prores_ks', '-profile:v', '0', '-vendor', 'apl0', '-pix_fmt', 'yuv422p10le',
      '-c:a', 'pcm_s24le', '-ar', '48000',
      '-movflags', '+faststart', '-f', 'mov',
      'file:/out/.clip.tmp',
    ]);
  });

  it('builds the exact argv for live-h264 (forced 5 s keyframes at 29.97 → 150 frames)', () => {
    // biome-ignore format: one option per pair reads better
    expect(build(builtin('live-h264'))).toEqual([
      '-hide_banner', '-nostdin', '-y', '-progress', 'pipe:1', '-nostats',
      '-i', 'file:/in/clip.mov',
      '-map', '0:0', '-map', '0:1', '-map', '0:2', '-map_metadata', '0',
      '-c:v', 'libx264', '-preset', 'slow', '-crf', '18', '-g', '150', '-sc_threshold', '0', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-b:a', '256k', '-ar', '48000',
      '-movflags', '+faststart', '-f', 'mp4',
      'file:/out/.clip.tmp',
    ]);
  });

  it('builds the exact argv for stream-hd (HEVC cap, 2 s GOP in x265-params, hvc1, scaled into 1920×1080)', () => {
    const uhd = media([
      videoStream({ width: 3840, height: 2160, frameRate: 25, frameRateRational: '25/1' }),
      audioStream(1),
    ]);
    // biome-ignore format: one option per pair reads better
    expect(build(builtin('stream-hd'), uhd)).toEqual([
      '-hide_banner', '-nostdin', '-y', '-progress', 'pipe:1', '-nostats',
      '-i', 'file:/in/clip.mov',
      '-map', '0:0', '-map', '0:1', '-map_metadata', '0',
      '-c:v', 'libx265', '-preset', 'medium', '-crf', '23', '-maxrate', '8000k', '-bufsize', '16000k',
      '-vf', 'scale=1920:1080:flags=lanczos', '-pix_fmt', 'yuv420p', '-tag:v', 'hvc1',
      '-x265-params', 'keyint=50:min-keyint=50:scenecut=0:open-gop=0:log-level=warning',
      '-c:a', 'aac', '-b:a', '160k', '-ar', '48000',
      '-movflags', '+faststart', '-f', 'mp4',
      'file:/out/.clip.tmp',
    ]);
  });

  it('builds audio-qlab from a video file: first audio only, wav muxer, no video options', () => {
    const args = build(builtin('audio-qlab'));
    // biome-ignore format: one option per pair reads better
    expect(args.slice(6)).toEqual([
      '-i', 'file:/in/clip.mov',
      '-map', '0:1', '-map_metadata', '0',
      '-c:a', 'pcm_s24le', '-ar', '48000',
      '-rf64', 'auto', '-f', 'wav',
      'file:/out/.clip.tmp',
    ]);
  });

  it('never uses -b:v, and caps with -maxrate/-bufsize', () => {
    for (const profile of BUILTIN_PROFILES) {
      if (profile.video) expect(build(profile)).not.toContain('-b:v');
    }
    const args = build(builtin('stream-4k'));
    expect(optionValue(args, '-maxrate')).toBe('25000k');
    expect(optionValue(args, '-bufsize')).toBe('50000k');
  });

  it('keeps the frame rate: never -r, and no keyframe options for ProRes', () => {
    for (const profile of BUILTIN_PROFILES) expect(build(profile)).not.toContain('-r');
    for (const name of ['live-qlab', 'live-prores-lt', 'archival']) {
      const args = build(builtin(name), clip, { keyframeSeconds: 1 });
      for (const option of ['-g', '-force_key_frames', '-sc_threshold', '-x265-params']) {
        expect(args).not.toContain(option);
      }
    }
  });

  it('uses ProRes profile 3 for HQ and 1 for LT', () => {
    expect(optionValue(build(builtin('archival')), '-profile:v')).toBe('3');
    expect(optionValue(build(builtin('live-prores-lt')), '-profile:v')).toBe('1');
  });

  it('passes names starting with "-" and odd characters as file: URLs', () => {
    for (const name of ['-i.mov', 'two words.mov', `quote'"é.mov`]) {
      const args = buildFfmpegArgs({
        inputPath: name,
        outputPath: `-${name}`,
        input: clip,
        profile: builtin('live-qlab'),
      });
      expect(optionValue(args, '-i')).toBe(`file:${name}`);
      expect(args.at(-1)).toBe(`file:-${name}`);
    }
  });

  it('maps streams explicitly by index, skipping cover art', () => {
    const withArt = media([
      videoStream({ index: 0, codec: 'mjpeg', attachedPicture: true }),
      audioStream(1),
      videoStream({ index: 2 }),
      audioStream(3),
      { type: 'subtitle', index: 4, codec: 'mov_text' },
    ]);
    const args = build(builtin('live-qlab'), withArt);
    expect(args.filter((_, i) => args[i - 1] === '-map')).toEqual(['0:2', '0:1', '0:3']);
    const first = build({ ...builtin('live-qlab'), streams: { video: 'first', audio: 'first' } }, withArt);
    expect(first.filter((_, i) => first[i - 1] === '-map')).toEqual(['0:2', '0:1']);
  });

  it('makes video without audio from a silent source', () => {
    const silent = media([videoStream()]);
    const args = build(builtin('live-h264'), silent);
    expect(args).not.toContain('-c:a');
    expect(args.filter((a) => a === '-map')).toHaveLength(1);
  });

  it('applies overrides: preset, keyframe seconds, resolution box, sample rate', () => {
    const args = build(builtin('live-h264'), clip, {
      preset: 'fast',
      keyframeSeconds: 2,
      resolution: { width: 1280, height: 1280 },
      audioSampleRate: 44100,
    });
    expect(optionValue(args, '-preset')).toBe('veryfast');
    expect(optionValue(args, '-g')).toBe('60');
    expect(optionValue(args, '-vf')).toBe('scale=1280:720:flags=lanczos');
    expect(optionValue(args, '-ar')).toBe('44100');
    // A profile without a keyframe policy gets forced keyframes from the override.
    const hevc = build(builtin('archival-linux-mkv'), clip, { keyframeSeconds: 1 });
    expect(optionValue(hevc, '-x265-params')).toBe(
      'keyint=30:min-keyint=30:scenecut=0:open-gop=0:log-level=warning',
    );
  });

  it('rejects nonsense overrides', () => {
    expect(() => build(builtin('live-h264'), clip, { keyframeSeconds: 0 })).toThrow(/keyframeSeconds/);
    expect(() => build(builtin('live-h264'), clip, { resolution: { width: 0, height: 0 } })).toThrow(
      /resolution/,
    );
  });

  it('throws input.no_streams for a video profile on an audio file', () => {
    const wav = media([audioStream(0)]);
    expect(() => build(builtin('live-h264'), wav)).toThrow(
      expect.objectContaining({ code: 'input.no_streams' }),
    );
  });
});

describe('checkInputFits', () => {
  const wav = media([audioStream(0)]);
  const mute = media([videoStream()]);
  it('explains why a video profile cannot take an audio-only file', () => {
    expect(checkInputFits(wav, builtin('live-qlab'))).toBe(
      'profile "live-qlab" makes video but the input has no video stream',
    );
  });
  it('explains why an audio profile cannot take a file without audio', () => {
    expect(checkInputFits(mute, builtin('audio-qlab'))).toBe(
      'profile "audio-qlab" makes audio only but the input has no audio stream',
    );
  });
  it('accepts audio-only from video, and video without audio', () => {
    expect(checkInputFits(clip, builtin('audio-qlab'))).toBeNull();
    expect(checkInputFits(wav, builtin('audio-qlab'))).toBeNull();
    expect(checkInputFits(mute, builtin('live-h264'))).toBeNull();
  });
});

describe('keyframes', () => {
  it('rounds the GOP: 29.97 × 5 s → 150 (not 149), × 2 s → 60', () => {
    expect(gopFrames(30000 / 1001, 5)).toBe(150);
    expect(gopFrames(30000 / 1001, 2)).toBe(60);
    expect(gopFrames(24000 / 1001, 2)).toBe(48);
    expect(gopFrames(25, 0.01)).toBe(1);
  });

  it('forced x264: -g N with scene cuts off and no -force_key_frames or -keyint_min to pair with', () => {
    expect(keyframeArgs('libx264', { mode: 'forced', seconds: 5 }, 30000 / 1001)).toEqual({
      args: ['-g', '150', '-sc_threshold', '0'],
      x265Params: [],
    });
  });

  it('max: a GOP ceiling only, scene cuts allowed', () => {
    expect(keyframeArgs('libx264', { mode: 'max', seconds: 10 }, 25).args).toEqual(['-g', '250']);
    expect(keyframeArgs('libx265', { mode: 'max', seconds: 10 }, 25).x265Params).toEqual(['keyint=250']);
  });

  it('without a frame rate, forces keyframes by time and keeps the GOP out of the way', () => {
    // biome-ignore format: pairs
    expect(keyframeArgs('libx264', { mode: 'forced', seconds: 2 }, null).args).toEqual([
      '-force_key_frames', 'expr:gte(t,n_forced*2)', '-g', '480', '-sc_threshold', '0',
    ]);
    const hevc = keyframeArgs('libx265', { mode: 'forced', seconds: 2 }, null);
    expect(hevc.args).toEqual(['-force_key_frames', 'expr:gte(t,n_forced*2)', '-forced-idr', '1']);
    expect(hevc.x265Params).toEqual(['keyint=480', 'scenecut=0', 'open-gop=0']);
  });
});

describe('variable frame rate sources', () => {
  // 30 fps then 15 fps: ffprobe's average is 2025/89 (22.75), its r_frame_rate 30.
  const vfr = media([
    videoStream({ frameRate: 22.753, frameRateRational: '2025/89', variableFrameRate: true }),
    audioStream(1),
  ]);

  it('forced keyframes: re-times to the average rate and counts the GOP at that rate', () => {
    const args = build(builtin('live-h264'), vfr, { keyframeSeconds: 1 });
    expect(optionValue(args, '-vf')).toBe('fps=2025/89');
    expect(optionValue(args, '-g')).toBe('23');
    expect(args).not.toContain('-force_key_frames');
    // Neither -r nor -fps_mode/-vsync: the filter is enough and works on ffmpeg 4.x and 5.1 alike.
    for (const option of ['-r', '-fps_mode', '-vsync']) expect(args).not.toContain(option);
    const hevc = build(builtin('live-linux-hevc-mkv'), vfr);
    expect(optionValue(hevc, '-vf')).toBe('fps=2025/89');
    expect(optionValue(hevc, '-x265-params')).toMatch(/^keyint=114:min-keyint=114:/);
  });

  it('re-times before scaling, in one -vf', () => {
    const uhd = media([
      videoStream({
        width: 3840,
        height: 2160,
        frameRate: 59.2,
        frameRateRational: '296/5',
        variableFrameRate: true,
      }),
    ]);
    const args = build(builtin('stream-hd'), uhd);
    expect(args.filter((a) => a === '-vf')).toHaveLength(1);
    expect(optionValue(args, '-vf')).toBe('fps=296/5,scale=1920:1080:flags=lanczos');
  });

  it('max keyframes and no policy keep the timing: max places keyframes by time, ProRes gets nothing', () => {
    const max = build(builtin('standard-playback'), vfr);
    expect(max).not.toContain('-vf');
    expect(optionValue(max, '-force_key_frames')).toBe('expr:gte(t,n_forced*10)');
    expect(max).not.toContain('-g');
    const prores = build(builtin('live-qlab'), vfr, { keyframeSeconds: 1 });
    for (const option of ['-vf', '-g', '-force_key_frames']) expect(prores).not.toContain(option);
  });

  it('uses the decimal rate when the rational is missing or disagrees, and nothing without a rate', () => {
    const stream = videoStream({ frameRate: 22.753, frameRateRational: null, variableFrameRate: true });
    const forced = { mode: 'forced', seconds: 1 } as const;
    expect(constantOutputRate(stream, 'libx264', forced)).toEqual({ rational: '22.753', fps: 22.753 });
    const odd = { ...stream, frameRateRational: '30/1' };
    expect(constantOutputRate(odd, 'libx264', forced)?.rational).toBe('22.753');
    const unknown = { ...stream, frameRate: null };
    expect(constantOutputRate(unknown, 'libx264', forced)).toBeNull();
    // Unknown rate: keyframes by time, as for any source without one.
    const args = build(builtin('live-h264'), media([unknown]), { keyframeSeconds: 1 });
    expect(args).not.toContain('-vf');
    expect(optionValue(args, '-force_key_frames')).toBe('expr:gte(t,n_forced*1)');
    expect(constantOutputRate(videoStream(), 'libx264', forced)).toBeNull();
  });
});

describe('bitrates', () => {
  it('parses profile notation and hands ffmpeg unambiguous numbers', () => {
    expect(parseBitrate('8M')).toBe(8_000_000);
    expect(parseBitrate('8m')).toBe(8_000_000);
    expect(parseBitrate('192k')).toBe(192_000);
    expect(parseBitrate('2.5M')).toBe(2_500_000);
    expect(parseBitrate('1500')).toBe(1500);
    expect(parseBitrate('fast')).toBeNull();
    expect(formatBitrate(8_000_000)).toBe('8000k');
    expect(formatBitrate(1500)).toBe('1500');
  });

  it('defaults bufsize to twice the cap', () => {
    const video = { ...builtin('live-h264').video!, max_bitrate: '6m' };
    expect(rateControlArgs(video)).toEqual(['-crf', '18', '-maxrate', '6000k', '-bufsize', '12000k']);
  });
});
