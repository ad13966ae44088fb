import { describe, expect, it } from 'vitest';
import { BvpError } from '../../src/errors.ts';
import { audioStreams, videoStreams } from '../../src/media/media-info.ts';
import { toMediaInfo } from '../../src/media/probe.ts';

const video = (extra: Record<string, unknown> = {}) => ({
  index: 0,
  codec_name: 'h264',
  codec_type: 'video',
  codec_tag_string: 'avc1',
  profile: 'High',
  width: 1920,
  height: 1080,
  pix_fmt: 'yuv420p',
  r_frame_rate: '30000/1001',
  avg_frame_rate: '30000/1001',
  field_order: 'progressive',
  duration: '10.010000',
  disposition: { default: 1, attached_pic: 0 },
  ...extra,
});

const audio = (index: number, extra: Record<string, unknown> = {}) => ({
  index,
  codec_name: 'aac',
  codec_type: 'audio',
  sample_rate: '44100',
  channels: 2,
  channel_layout: 'stereo',
  r_frame_rate: '0/0',
  avg_frame_rate: '0/0',
  duration: '10.000000',
  ...extra,
});

const format = {
  format_name: 'mov,mp4,m4a,3gp,3g2,mj2',
  duration: '10.010000',
  size: '1234567',
  bit_rate: '986666',
};

describe('toMediaInfo', () => {
  it('maps format numbers given as strings', () => {
    const info = toMediaInfo('/in/a.mp4', { streams: [video(), audio(1)], format });
    expect(info).toMatchObject({
      path: '/in/a.mp4',
      formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
      durationSeconds: 10.01,
      sizeBytes: 1234567,
      bitRate: 986666,
    });
  });

  it('reads 29.97 from the rational and keeps the rational', () => {
    const [v] = videoStreams(toMediaInfo('a', { streams: [video()], format }));
    expect(v).toMatchObject({ frameRate: 29.97, frameRateRational: '30000/1001', variableFrameRate: false });
    expect(v).toMatchObject({ codec: 'h264', codecTag: 'avc1', profile: 'High', width: 1920, height: 1080 });
  });

  it('flags a variable frame rate when r_frame_rate and avg_frame_rate disagree', () => {
    const phone = video({ r_frame_rate: '30/1', avg_frame_rate: '1773000/59447' }); // 29.83 average
    const [v] = videoStreams(toMediaInfo('a', { streams: [phone], format }));
    expect(v.variableFrameRate).toBe(true);
    expect(v.frameRate).toBe(29.825);
  });

  it('does not call field-rate signalling (exactly 2:1) variable', () => {
    const interlaced = video({ r_frame_rate: '50/1', avg_frame_rate: '25/1', field_order: 'tt' });
    const [v] = videoStreams(toMediaInfo('a', { streams: [interlaced], format }));
    expect(v).toMatchObject({ variableFrameRate: false, frameRate: 25, fieldOrder: 'tt' });
  });

  it('falls back to r_frame_rate when avg_frame_rate is 0/0', () => {
    const [v] = videoStreams(
      toMediaInfo('a', { streams: [video({ avg_frame_rate: '0/0', r_frame_rate: '25/1' })], format }),
    );
    expect(v).toMatchObject({ frameRate: 25, frameRateRational: '25/1', variableFrameRate: false });
  });

  it('flags cover art as an attached picture that is not a video stream', () => {
    const cover = video({
      index: 1,
      codec_name: 'mjpeg',
      r_frame_rate: '90000/1',
      avg_frame_rate: '0/0',
      disposition: { attached_pic: 1 },
    });
    const info = toMediaInfo('song.m4a', { streams: [audio(0), cover], format });
    expect(info.streams[1]).toMatchObject({ type: 'video', attachedPicture: true, variableFrameRate: false });
    expect(videoStreams(info)).toHaveLength(0);
    expect(audioStreams(info)).toHaveLength(1);
  });

  it('reads audio sample rate, channels and layout', () => {
    const [a] = audioStreams(
      toMediaInfo('a', {
        streams: [audio(0, { sample_rate: '48000', channels: 6, channel_layout: '5.1' })],
        format,
      }),
    );
    expect(a).toEqual({
      type: 'audio',
      index: 0,
      codec: 'aac',
      sampleRate: 48000,
      channels: 6,
      channelLayout: '5.1',
      durationSeconds: 10,
      // Compressed audio has no sample size (ffprobe says 0).
      bitsPerSample: null,
    });
  });

  it('reads the PCM sample size', () => {
    const [a] = audioStreams(
      toMediaInfo('a', { streams: [audio(0, { codec_name: 'pcm_s24le', bits_per_sample: 24 })], format }),
    );
    expect(a.bitsPerSample).toBe(24);
  });

  it('takes Matroska stream durations from the DURATION tag', () => {
    const mkv = video({
      duration: undefined,
      codec_tag_string: '[0][0][0][0]',
      tags: { DURATION: '00:01:02.500000000' },
    });
    const [v] = videoStreams(
      toMediaInfo('a.mkv', { streams: [mkv], format: { format_name: 'matroska,webm' } }),
    );
    expect(v.durationSeconds).toBe(62.5);
    expect(v.codecTag).toBeNull();
  });

  it('uses the longest stream when the format has no duration', () => {
    const info = toMediaInfo('a', {
      streams: [video({ duration: '3.5' }), audio(1, { duration: 'N/A' })],
      format: {},
    });
    expect(info.durationSeconds).toBe(3.5);
    expect(info.bitRate).toBeNull();
  });

  it('keeps subtitle and data streams as other streams', () => {
    const info = toMediaInfo('a', {
      streams: [
        video(),
        { index: 1, codec_type: 'subtitle', codec_name: 'mov_text' },
        { index: 2, codec_type: 'data' },
      ],
      format,
    });
    expect(info.streams.slice(1)).toEqual([
      { type: 'subtitle', index: 1, codec: 'mov_text' },
      { type: 'data', index: 2, codec: null },
    ]);
  });

  it('rejects JSON that is not ffprobe output as input.unreadable', () => {
    expect(() => toMediaInfo('x.mov', { streams: 'nope' })).toThrow(BvpError);
    try {
      toMediaInfo('x.mov', { streams: [{ codec_type: 'video' }] });
    } catch (error) {
      expect(error).toMatchObject({ code: 'input.unreadable' });
      expect((error as Error).message).toContain('x.mov');
    }
  });
});
