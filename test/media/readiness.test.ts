import { describe, expect, it } from 'vitest';
import type { AudioStreamInfo, MediaInfo, VideoStreamInfo } from '../../src/media/media-info.ts';
import { describeReadiness } from '../../src/media/readiness.ts';
import { builtinProfile } from './profile-fixtures.ts';

const video = (extra: Partial<VideoStreamInfo> = {}): VideoStreamInfo => ({
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
});

const audio = (index: number, extra: Partial<AudioStreamInfo> = {}): AudioStreamInfo => ({
  type: 'audio',
  index,
  codec: 'aac',
  sampleRate: 48000,
  channels: 2,
  channelLayout: 'stereo',
  durationSeconds: 10,
  ...extra,
});

const media = (streams: MediaInfo['streams']): MediaInfo => ({
  path: '/in/a.mp4',
  formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
  durationSeconds: 10,
  bitRate: null,
  sizeBytes: null,
  streams,
});

describe('describeReadiness', () => {
  it('lists the codec change and the resampling', () => {
    const r = describeReadiness(
      media([video(), audio(1, { sampleRate: 44100 })]),
      builtinProfile('live-prores-lt'),
    );
    expect(r.ready).toBe(true);
    expect(r.problems).toEqual([]);
    expect(r.changes).toContain('video h264 will be re-encoded to ProRes LT');
    expect(r.changes).toContain('pixel format yuv420p will be converted to yuv422p10le');
    expect(r.changes).toContain('audio aac will be re-encoded to PCM 24-bit');
    expect(r.changes).toContain('audio 44.1 kHz will be resampled to 48 kHz');
  });

  it('says when a source is scaled down to fit, or kept when the override box is larger', () => {
    const uhd = media([video({ width: 3840, height: 2160 }), audio(1)]);
    expect(describeReadiness(uhd, builtinProfile('stream-hd')).changes).toContain(
      '3840×2160 will be scaled to fit 1920×1080',
    );
    expect(
      describeReadiness(media([video(), audio(1)]), builtinProfile('stream-hd'), {
        resolution: { width: 1280, height: 720 },
      }).changes,
    ).toContain('1920×1080 will be scaled to fit 1280×720');
    expect(
      describeReadiness(media([video(), audio(1)]), builtinProfile('stream-hd')).changes.join('\n'),
    ).not.toMatch(/scaled/);
  });

  it('warns about a variable frame rate and interlacing', () => {
    const phone = media([video({ variableFrameRate: true, frameRate: 29.83 }), audio(1)]);
    expect(describeReadiness(phone, builtinProfile('live-h264')).changes).toContain(
      'variable frame rate source: the output will be constant 29.83 fps (the average), so forced keyframes stay exact',
    );
    expect(describeReadiness(phone, builtinProfile('archival')).changes).toContain(
      'variable frame rate source (about 29.83 fps on average): the output keeps the variable timing',
    );
    const broadcast = media([video({ fieldOrder: 'tt' }), audio(1)]);
    expect(describeReadiness(broadcast, builtinProfile('archival')).changes.join('\n')).toMatch(
      /^interlaced \(tff\) source/m,
    );
  });

  it('counts extra audio tracks kept or dropped', () => {
    const multi = media([video(), audio(1), audio(2), audio(3)]);
    expect(describeReadiness(multi, builtinProfile('archival')).changes).toContain(
      '2 extra audio tracks kept',
    );
    expect(describeReadiness(multi, builtinProfile('audio-qlab')).changes).toContain(
      '2 extra audio tracks dropped (the profile keeps the first)',
    );
  });

  it('says video is dropped for an audio-only profile', () => {
    const r = describeReadiness(media([video(), audio(1)]), builtinProfile('audio-qlab'));
    expect(r.ready).toBe(true);
    expect(r.changes).toContain('video will be dropped (the profile is audio-only)');
  });

  it('is not ready for a video profile on an audio-only file', () => {
    const r = describeReadiness(media([audio(0)]), builtinProfile('live-qlab'));
    expect(r.ready).toBe(false);
    expect(r.problems).toEqual(['profile "live-qlab" makes video but the input has no video stream']);
  });

  it('is not ready for a file with no streams, and does not count cover art as video', () => {
    expect(describeReadiness(media([]), builtinProfile('archival'))).toEqual({
      ready: false,
      changes: [],
      problems: ['the file has no audio or video streams'],
    });
    const song = media([audio(0), video({ index: 1, codec: 'mjpeg', attachedPicture: true })]);
    expect(describeReadiness(song, builtinProfile('archival')).ready).toBe(false);
    expect(describeReadiness(song, builtinProfile('audio-qlab')).changes).toContain(
      'cover art (attached picture) is not carried over',
    );
  });

  it('is not ready for an audio-only profile on a file without audio', () => {
    const r = describeReadiness(media([video()]), builtinProfile('audio-qlab'));
    expect(r.ready).toBe(false);
    expect(r.problems[0]).toMatch(/no audio stream/);
  });

  it('says an odd-sized source is rounded to even dimensions for 4:2:0', () => {
    expect(
      describeReadiness(media([video({ width: 161, height: 91 })]), builtinProfile('live-h264')).changes,
    ).toContain('161×91 will be scaled to 160×90 (yuv420p needs even dimensions)');
  });

  it('says subtitles are not carried over', () => {
    const withSubs = media([video(), audio(1), { type: 'subtitle', index: 2, codec: 'mov_text' }]);
    expect(describeReadiness(withSubs, builtinProfile('archival')).changes).toContain(
      '1 subtitle stream not carried over',
    );
  });

  it('says a silent output when the source has no audio', () => {
    expect(describeReadiness(media([video()]), builtinProfile('live-h264')).changes).toContain(
      'the file has no audio: the output will be silent',
    );
  });
});
