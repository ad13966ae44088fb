import { describe, expect, it } from 'vitest';
import { codecLevel, toMediaInfo } from '../../src/media/probe.ts';

describe('probe: level, B-frames and the exact frame-rate rationals', () => {
  it('reads ffprobe levels as people write them', () => {
    expect(codecLevel('h264', 52)).toBe(5.2);
    expect(codecLevel('hevc', 153)).toBe(5.1);
    expect(codecLevel('prores', -99)).toBeNull();
    expect(codecLevel('hap', undefined)).toBeNull();
  });

  it('keeps both rationals and whether the stream has B-frames', () => {
    const info = toMediaInfo('/x.mp4', {
      streams: [
        {
          index: 0,
          codec_type: 'video',
          codec_name: 'h264',
          width: 1920,
          height: 1080,
          avg_frame_rate: '30000/1001',
          r_frame_rate: '30000/1001',
          level: 42,
          has_b_frames: 2,
        },
      ],
      format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '1.0' },
    });
    expect(info.streams[0]).toMatchObject({
      frameRate: 29.97,
      frameRateRational: '30000/1001',
      realFrameRateRational: '30000/1001',
      level: 4.2,
      hasBFrames: true,
    });
  });
});
