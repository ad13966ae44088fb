import { describe, expect, it } from 'vitest';
import type { AudioStreamInfo, MediaInfo, VideoStreamInfo } from '../../src/media/media-info.ts';
import { BUILTIN_TARGETS, findTarget } from '../../src/targets/catalogue.ts';
import { checkTarget } from '../../src/targets/check.ts';

/**
 * Per target: a file that passes every check, then one change per row that must fail exactly the named check.
 * Pure MediaInfo, because the rules are about what ffprobe reports; real files go through `bvp analyze` in
 * analyze.test.ts.
 */
function video(overrides: Partial<VideoStreamInfo> = {}): VideoStreamInfo {
  return {
    type: 'video',
    index: 0,
    codec: 'hap',
    codecTag: 'Hap1',
    profile: null,
    width: 1920,
    height: 1080,
    pixelFormat: 'rgb0',
    frameRate: 25,
    frameRateRational: '25/1',
    variableFrameRate: false,
    fieldOrder: 'progressive',
    durationSeconds: 10,
    attachedPicture: false,
    level: null,
    hasBFrames: false,
    ...overrides,
  };
}

function audio(overrides: Partial<AudioStreamInfo> = {}): AudioStreamInfo {
  return {
    type: 'audio',
    index: 1,
    codec: 'pcm_s24le',
    sampleRate: 48000,
    channels: 2,
    channelLayout: 'stereo',
    durationSeconds: 10,
    ...overrides,
  };
}

function file(v: Partial<VideoStreamInfo> = {}, a: Partial<AudioStreamInfo> | null = {}): MediaInfo {
  return {
    path: '/show/clip.mov',
    formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
    durationSeconds: 10,
    bitRate: null,
    sizeBytes: null,
    streams: a === null ? [video(v)] : [video(v), audio(a)],
  };
}

const H264 = { codec: 'h264', codecTag: 'avc1', level: 4.2, hasBFrames: false, pixelFormat: 'yuv420p' };
const EVERY_SECOND = Array.from({ length: 10 }, (_, i) => i);

interface Row {
  why: string;
  file: MediaInfo;
  fails: string[];
  keyframes?: number[];
}

const TABLE: Record<string, { passing: MediaInfo; keyframes?: number[]; rows: Row[] }> = {
  qlab: {
    passing: file({ codec: 'prores', codecTag: 'apco' }),
    rows: [
      {
        why: "DNxHR is not in QLab's list",
        file: file({ codec: 'dnxhd', codecTag: 'AVdh' }),
        fails: ['video.codec'],
      },
      {
        why: 'HAP sizes must be multiples of 4',
        file: file({ width: 1918 }),
        fails: ['video.size_multiple'],
      },
      { why: 'Opus audio', file: file({}, { codec: 'opus' }), fails: ['audio.1.codec'] },
    ],
  },
  disguise: {
    passing: file({}, { codec: 'pcm_s16le', sampleRate: 44100 }),
    rows: [
      {
        why: 'ProRes is not played',
        file: file({ codec: 'prores', codecTag: 'apch' }, { codec: 'pcm_s16le', sampleRate: 44100 }),
        fails: ['video.codec'],
      },
      {
        why: 'frame not a multiple of 4',
        file: file({ height: 1078 }, { codec: 'pcm_s16le', sampleRate: 44100 }),
        fails: ['video.size_multiple'],
      },
      { why: '24-bit audio', file: file({}, { sampleRate: 44100 }), fails: ['audio.1.codec'] },
      { why: '48 kHz audio', file: file({}, { codec: 'pcm_s16le' }), fails: ['audio.1.sample_rate'] },
      {
        why: 'more than stereo',
        file: file({}, { codec: 'pcm_s16le', sampleRate: 44100, channels: 6 }),
        fails: ['audio.1.channels'],
      },
    ],
  },
  watchout6: {
    passing: file({ codecTag: 'HapY' }),
    rows: [
      { why: 'HAP Q Alpha is unsupported', file: file({ codecTag: 'HapM' }), fails: ['video.tag'] },
      {
        why: 'sizes must be multiples of 4, any codec',
        file: file({ ...H264, width: 1918 }),
        fails: ['video.size_multiple'],
      },
      { why: 'H.264 above level 5.2', file: file({ ...H264, level: 6.1 }), fails: ['video.level'] },
    ],
  },
  watchout7: {
    passing: file(H264, { codec: 'aac' }),
    keyframes: EVERY_SECOND,
    rows: [
      {
        why: 'B-frames',
        file: file({ ...H264, hasBFrames: true }),
        fails: ['video.bframes'],
        keyframes: EVERY_SECOND,
      },
      { why: 'a 5 s GOP', file: file(H264), fails: ['video.gop'], keyframes: [0, 5] },
      {
        why: 'H.264 above level 5.2',
        file: file({ ...H264, level: 5.3 }),
        fails: ['video.level'],
        keyframes: EVERY_SECOND,
      },
      {
        why: 'a variable frame rate',
        file: file({ ...H264, variableFrameRate: true }),
        fails: ['video.frame_rate'],
        keyframes: EVERY_SECOND,
      },
      { why: 'no keyframe times to judge the GOP by', file: file(H264), fails: ['video.gop'] },
    ],
  },
  resolume: {
    passing: file({ codecTag: 'Hap5', pixelFormat: 'rgba' }),
    rows: [
      { why: 'HEVC', file: file({ codec: 'hevc', codecTag: 'hvc1' }), fails: ['video.codec'] },
      { why: 'odd HAP size', file: file({ width: 1918 }), fails: ['video.size_multiple'] },
    ],
  },
  casparcg: {
    passing: file({ ...H264, width: 1280, height: 720 }),
    rows: [
      { why: 'odd H.264 width', file: file({ ...H264, width: 1279 }), fails: ['video.size_multiple'] },
      {
        why: '44.1 kHz audio',
        file: file({ ...H264 }, { sampleRate: 44100 }),
        fails: ['audio.1.sample_rate'],
      },
      { why: 'VP9', file: file({ codec: 'vp9', codecTag: null }), fails: ['video.codec'] },
    ],
  },
};

const failed = (target: string, info: MediaInfo, keyframes?: number[]) =>
  checkTarget(info, findTarget(target)!, keyframes)
    .filter((c) => !c.ok)
    .map((c) => c.name.replace(`target.${target}.`, ''));

describe('playback target checks', () => {
  it('has a table for every built-in target', () => {
    expect(Object.keys(TABLE).sort()).toEqual(BUILTIN_TARGETS.map((t) => t.name).sort());
  });

  for (const [target, table] of Object.entries(TABLE)) {
    describe(target, () => {
      it('passes a file made for it', () => {
        expect(failed(target, table.passing, table.keyframes)).toEqual([]);
      });
      for (const row of table.rows) {
        it(`fails ${row.fails.join(', ')}: ${row.why}`, () => {
          expect(failed(target, row.file, row.keyframes)).toEqual(row.fails);
        });
      }
    });
  }

  it('reports expected and actual in words', () => {
    const [codec] = checkTarget(file({ codec: 'vp9' }), findTarget('disguise')!);
    expect(codec).toEqual({
      name: 'target.disguise.video.codec',
      ok: false,
      expected: 'hap, notchlc, dxv',
      actual: 'vp9',
    });
  });
});
