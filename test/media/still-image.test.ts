import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSpec } from '../../machines/types.ts';
import { probe } from '../../src/media/probe.ts';
import { transcodeFile } from '../../src/media/transcode-file.ts';
import { isStillImage, stillInputArgs } from '../../src/profiles/args-still.ts';
import { ProfileSchema } from '../../src/profiles/schema.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { makeStill } from '../helpers/frames.ts';
import { specOf } from '../helpers/job-spec.ts';

const profile = v.parse(ProfileSchema, {
  name: 'still-test',
  container: 'mp4',
  video: {
    codec: 'libx264',
    pixel_format: 'yuv420p',
    crf: 35,
    preset: 'fast',
    keyframes: { mode: 'forced', seconds: 1 },
  },
  audio: { codec: 'aac', bitrate: '96k' },
  still_duration: 3,
});

let dir: TempDir;
beforeAll(async () => {
  dir = await makeTempDir('bvp-still-');
});
afterAll(() => dir.cleanup());

async function still(ext: string): Promise<string> {
  const file = dir.join(`slide.${ext}`);
  await makeStill(file, '322x182');
  return file;
}

async function spec(source: string, name: string, extra: Partial<JobSpec> = {}): Promise<JobSpec> {
  return specOf(source, { id: name, outputPath: dir.join(name, 'slide.mp4'), profile, ...extra });
}

describe('still images become clips', () => {
  for (const ext of ['png', 'jpg', 'tiff']) {
    it(`a ${ext.toUpperCase()} becomes a verified clip of the profile's still_duration`, async () => {
      const source = await still(ext);
      const input = await probe(source, { ffprobe: 'ffprobe' });
      expect(isStillImage(input)).toBe(true);
      const result = await transcodeFile({
        spec: await spec(source, ext),
        ffmpeg: 'ffmpeg',
        ffprobe: 'ffprobe',
        settleMs: 0,
      });
      expect(result.ffmpegArgs.slice(6, 13)).toEqual(['-loop', '1', '-framerate', '25', '-t', '3', '-i']);
      const out = await probe(result.outputPath, { ffprobe: 'ffprobe' });
      expect(out.durationSeconds).toBeCloseTo(3, 1);
      expect(out.streams.map((s) => s.type)).toEqual(['video']);
      expect(result.durationSeconds).toBeCloseTo(3, 1);
    }, 60_000);
  }

  it('the job override wins over the profile, and frame_rate sets the clip rate', async () => {
    const source = await still('png');
    const s = await spec(source, 'override', {
      overrides: { stillSeconds: 1.5 },
      profile: { ...profile, frame_rate: 50 },
    });
    const result = await transcodeFile({ spec: s, ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', settleMs: 0 });
    const out = await probe(result.outputPath, { ffprobe: 'ffprobe' });
    expect(out.durationSeconds).toBeCloseTo(1.5, 1);
    expect(out.streams[0]).toMatchObject({ type: 'video', frameRate: 50 });
  }, 60_000);

  it('a video file is not a still, and gets no still options', async () => {
    const clip = await makeClip(dir.join('clip.mov'), { seconds: 1 });
    const input = await probe(clip, { ffprobe: 'ffprobe' });
    expect(isStillImage(input)).toBe(false);
    expect(stillInputArgs(input, profile)).toEqual([]);
  }, 30_000);

  it('without a duration anywhere a still runs 10 s', async () => {
    const input = await probe(await still('jpg'), { ffprobe: 'ffprobe' });
    expect(stillInputArgs(input, { ...profile, still_duration: undefined })).toEqual([
      '-loop',
      '1',
      '-framerate',
      '25',
      '-t',
      '10',
    ]);
  }, 30_000);
});
