import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { makeClip, makeTempDir } from './clips.ts';

const dir = await makeTempDir();
afterAll(() => dir.cleanup());

describe('makeClip', () => {
  it('makes a clip with video and two audio tracks, even under a name starting with "-"', async () => {
    const file = await makeClip(dir.join('-odd name.mov'), { extraAudioTracks: 1, fps: '30000/1001' });
    const { stdout } = await execa('ffprobe', [
      '-v',
      'error',
      '-show_streams',
      '-of',
      'json',
      `file:${file}`,
    ]);
    const streams = JSON.parse(stdout).streams as Array<{ codec_type: string; r_frame_rate: string }>;
    expect(streams.map((s) => s.codec_type)).toEqual(['video', 'audio', 'audio']);
    expect(streams[0].r_frame_rate).toBe('30000/1001');
  });
});
