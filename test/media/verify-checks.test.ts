import { describe, expect, it } from 'vitest';
import type { AudioStreamInfo, MediaInfo, VideoStreamInfo } from '../../src/media/media-info.ts';
import { checkOutput, defaultDurationTolerance } from '../../src/media/verify.ts';
import { builtinProfile } from './profile-fixtures.ts';

function videoStream(extra: Partial<VideoStreamInfo> = {}): VideoStreamInfo {
  return {
    type: 'video',
    index: 0,
    codec: 'h264',
    codecTag: 'avc1',
    profile: 'High',
    width: 1920,
    height: 1080,
    pixelFormat: 'yuv420p',
    frameRate: 25,
    frameRateRational: '25/1',
    variableFrameRate: false,
    fieldOrder: 'progressive',
    durationSeconds: 10,
    attachedPicture: false,
    ...extra,
  };
}

function audioStream(index: number, extra: Partial<AudioStreamInfo> = {}): AudioStreamInfo {
  return {
    type: 'audio',
    index,
    codec: 'aac',
    sampleRate: 48000,
    channels: 2,
    channelLayout: 'stereo',
    durationSeconds: 10,
    ...extra,
  };
}

function media(extra: Partial<MediaInfo> = {}): MediaInfo {
  return {
    path: '/in/a.mov',
    formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
    durationSeconds: 10,
    bitRate: null,
    sizeBytes: null,
    streams: [videoStream(), audioStream(1)],
    ...extra,
  };
}

const failed = (result: ReturnType<typeof checkOutput>) =>
  result.checks.filter((c) => !c.ok).map((c) => c.name);
const check = (result: ReturnType<typeof checkOutput>, name: string) =>
  result.checks.find((c) => c.name === name);

const hqOutput = (extra: Partial<VideoStreamInfo> = {}, audio: Partial<AudioStreamInfo> = {}) =>
  media({
    streams: [
      videoStream({ codec: 'prores', codecTag: 'apch', pixelFormat: 'yuv422p10le', ...extra }),
      audioStream(1, { codec: 'pcm_s24le', ...audio }),
    ],
  });

describe('checkOutput', () => {
  const archival = builtinProfile('archival');

  it('passes a ProRes HQ output that matches the profile', () => {
    const result = checkOutput(media(), hqOutput(), archival);
    expect(failed(result)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'container',
        'duration',
        'video.codec',
        'video.prores_profile',
        'video.pixel_format',
      ]),
    );
  });

  it('names the ProRes tag when the profile number was wrong (4444 for HQ)', () => {
    const result = checkOutput(media(), hqOutput({ codecTag: 'ap4h', pixelFormat: 'yuv422p12le' }), archival);
    expect(result.ok).toBe(false);
    expect(check(result, 'video.prores_profile')).toMatchObject({
      ok: false,
      expected: 'apch',
      actual: 'ap4h',
    });
  });

  it('fails the sample rate, honouring an override', () => {
    expect(
      check(checkOutput(media(), hqOutput({}, { sampleRate: 44100 }), archival), 'audio.sample_rate'),
    ).toMatchObject({
      ok: false,
      expected: '48000',
      actual: '44100',
    });
    const overridden = checkOutput(media(), hqOutput({}, { sampleRate: 96000 }), archival, {
      audioSampleRate: 96000,
    });
    expect(check(overridden, 'audio.sample_rate')?.ok).toBe(true);
  });

  it('fails a truncated output and accepts half a second of padding', () => {
    const short = checkOutput(media(), { ...hqOutput(), durationSeconds: 5 }, archival);
    expect(check(short, 'duration')).toMatchObject({ ok: false, expected: '10 s ± 0.5 s', actual: '5 s' });
    expect(check(short, 'duration')?.message).toContain('shorter');
    expect(
      check(checkOutput(media(), { ...hqOutput(), durationSeconds: 10.4 }, archival), 'duration')?.ok,
    ).toBe(true);
    expect(defaultDurationTolerance(media({ streams: [videoStream({ frameRate: 1 })] }))).toBe(1);
  });

  it('fails the container when a .mov profile got a Matroska file', () => {
    const result = checkOutput(media(), { ...hqOutput(), formatName: 'matroska,webm' }, archival);
    expect(check(result, 'container')).toMatchObject({ ok: false, expected: 'mov', actual: 'matroska,webm' });
  });

  it('wants every audio track when the profile keeps all, and says when one was dropped', () => {
    const input = media({ streams: [videoStream(), audioStream(1), audioStream(2)] });
    expect(check(checkOutput(input, hqOutput(), archival), 'audio.streams')).toMatchObject({
      ok: false,
      expected: '2 audio streams',
      actual: '1 audio stream',
    });
  });

  it('wants no video from an audio-only profile, and one audio track', () => {
    const profile = builtinProfile('audio-qlab');
    const input = media({ streams: [videoStream(), audioStream(1), audioStream(2)] });
    const wav = media({ formatName: 'wav', streams: [audioStream(0, { codec: 'pcm_s24le' })] });
    expect(failed(checkOutput(input, wav, profile))).toEqual([]);
    const withVideo = media({
      formatName: 'wav',
      streams: [videoStream(), audioStream(1, { codec: 'pcm_s24le' })],
    });
    expect(check(checkOutput(input, withVideo, profile), 'video.stream')).toMatchObject({
      ok: false,
      expected: 'no video stream',
      actual: '1 video stream',
    });
  });

  it('checks the hvc1 tag and the size box of a streaming profile', () => {
    const profile = builtinProfile('stream-hd');
    const input = media({ streams: [videoStream({ width: 3840, height: 2160 }), audioStream(1)] });
    const out = (extra: Partial<VideoStreamInfo>) =>
      media({ streams: [videoStream({ codec: 'hevc', codecTag: 'hvc1', ...extra }), audioStream(1)] });
    const times = [0, 2, 4, 6, 8];
    expect(failed(checkOutput(input, out({}), profile, {}, times))).toEqual([]);
    expect(
      check(checkOutput(input, out({ codecTag: 'hev1' }), profile, {}, times), 'video.tag'),
    ).toMatchObject({
      ok: false,
      expected: 'hvc1',
      actual: 'hev1',
    });
    expect(
      check(checkOutput(input, out({ width: 3840, height: 2160 }), profile, {}, times), 'video.resolution'),
    ).toMatchObject({
      ok: false,
      expected: '1920×1080 (fits 1920×1080)',
      actual: '3840×2160',
    });
  });

  it('does not accept an upscaled output when the profile does not upscale', () => {
    const profile = builtinProfile('stream-hd');
    const input = media({ streams: [videoStream({ width: 640, height: 360 }), audioStream(1)] });
    const output = media({ streams: [videoStream({ codec: 'hevc', codecTag: 'hvc1' }), audioStream(1)] });
    expect(check(checkOutput(input, output, profile, {}, [0, 2, 4, 6, 8]), 'video.resolution')).toMatchObject(
      {
        ok: false,
        expected: '640×360 (fits 1920×1080)',
        actual: '1920×1080',
      },
    );
  });

  it('checks forced keyframes at the override interval, and fails when they were not read', () => {
    const profile = builtinProfile('live-h264');
    const out = media({ streams: [videoStream(), audioStream(1)] });
    expect(
      check(checkOutput(media(), out, profile, { keyframeSeconds: 2 }, [0, 2, 4, 6, 8]), 'keyframes')?.ok,
    ).toBe(true);
    expect(check(checkOutput(media(), out, profile, {}, [0, 2, 4, 6, 8]), 'keyframes')?.ok).toBe(false);
    expect(check(checkOutput(media(), out, profile, {}, [0, 5]), 'keyframes')?.ok).toBe(true);
    expect(check(checkOutput(media(), out, profile), 'keyframes')).toMatchObject({
      ok: false,
      actual: 'not measured',
    });
  });

  it('forces keyframes when an override interval is given to a profile without a keyframe policy', () => {
    const profile = builtinProfile('archival-linux-mkv');
    const out = media({
      formatName: 'matroska,webm',
      streams: [
        videoStream({ codec: 'hevc', codecTag: null, pixelFormat: 'yuv422p10le' }),
        audioStream(1, { codec: 'pcm_s24le' }),
      ],
    });
    expect(check(checkOutput(media(), out, profile), 'keyframes')).toBeUndefined();
    expect(
      check(checkOutput(media(), out, profile, { keyframeSeconds: 2 }, [0, 2, 4, 6, 8]), 'keyframes')?.ok,
    ).toBe(true);
  });

  it('wants the exact size the builder asks for when no box applies (no stretching)', () => {
    const out = media({
      streams: [
        videoStream({ codec: 'prores', codecTag: 'apch', pixelFormat: 'yuv422p10le', width: 1280 }),
        audioStream(1, { codec: 'pcm_s24le' }),
      ],
    });
    expect(check(checkOutput(media(), out, builtinProfile('archival')), 'video.resolution')).toMatchObject({
      ok: false,
      expected: '1920×1080',
      actual: '1280×1080',
    });
  });

  it('checks no keyframes for ProRes (all-intra) or a max-GOP profile', () => {
    expect(check(checkOutput(media(), hqOutput(), builtinProfile('archival')), 'keyframes')).toBeUndefined();
    const out = media({ formatName: 'mov,mp4', streams: [videoStream(), audioStream(1)] });
    expect(
      check(checkOutput(media(), out, builtinProfile('standard-playback')), 'keyframes'),
    ).toBeUndefined();
  });
});
