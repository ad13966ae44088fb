import { describe, expect, it } from 'vitest';
import {
  ffmpegVersion,
  listEncoders,
  parseEncoders,
  parseVersion,
  requiredEncoders,
} from '../../src/media/encoders.ts';
import { allBuiltinProfiles, builtinProfile } from './profile-fixtures.ts';

const TABLE = `Encoders:
 V..... = Video
 A..... = Audio
 S..... = Subtitle
 .F.... = Frame-level multithreading
 ..S... = Slice-level multithreading
 ...X.. = Codec is experimental
 ....B. = Supports draw_horiz_band
 .....D = Supports direct rendering method 1
 ------
 V....D libx264              libx264 H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10 (codec h264)
 VFS... prores_ks            Apple ProRes (iCodec Pro) (codec prores)
 A..... aac                  AAC (Advanced Audio Coding)
 A....D pcm_s24le            PCM signed 24-bit little-endian
 S..... srt                  SubRip subtitle (codec subrip)
`;

describe('encoders', () => {
  it('parses the encoder table, not its legend', () => {
    expect([...parseEncoders(TABLE)].sort()).toEqual(['aac', 'libx264', 'pcm_s24le', 'prores_ks', 'srt']);
  });

  it('lists the encoders of the system ffmpeg', async () => {
    const encoders = await listEncoders('ffmpeg');
    for (const name of ['libx264', 'libx265', 'prores_ks', 'aac', 'pcm_s24le'])
      expect(encoders.has(name)).toBe(true);
    expect(encoders.has('Video')).toBe(false);
  });

  it('derives the needed encoders from profiles, once each', () => {
    expect(requiredEncoders(allBuiltinProfiles())).toEqual([
      'aac',
      'dnxhd',
      'hap',
      'libx264',
      'libx265',
      'pcm_s24le',
      'prores_ks',
    ]);
    expect(requiredEncoders([builtinProfile('audio-qlab')])).toEqual(['pcm_s24le']);
  });

  it('reads the version from the first line', async () => {
    expect(parseVersion('ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026')).toBe('5.1.9-0+deb12u1');
    expect(parseVersion('ffprobe version N-66595-gc2b38619c0-static https://…')).toBe(
      'N-66595-gc2b38619c0-static',
    );
    expect(await ffmpegVersion('ffprobe')).toMatch(/\d/);
  });

  it('says ffmpeg.missing for a binary that is not there', async () => {
    await expect(listEncoders('/nonexistent/ffmpeg')).rejects.toMatchObject({ code: 'ffmpeg.missing' });
  });
});
