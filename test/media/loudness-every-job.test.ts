import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSpec } from '../../machines/types.ts';
import { BvpError } from '../../src/errors.ts';
import { measureEbur128 } from '../../src/media/loudness.ts';
import { transcodeFile } from '../../src/media/transcode-file.ts';
import { ProfileSchema } from '../../src/profiles/schema.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { specOf } from '../helpers/job-spec.ts';

const NO_EBUR128 = path.resolve(import.meta.dirname, '../fixtures/fake-ffmpeg/no-ebur128.sh');

// ProRes Proxy + PCM with no loudness settings at all: its output is measured anyway.
const plain = v.parse(ProfileSchema, {
  name: 'plain-pcm',
  container: 'mov',
  video: { codec: 'prores_ks', prores_profile: 'proxy', pixel_format: 'yuv422p10le' },
  audio: { codec: 'pcm_s24le', sample_rate: 48000 },
});

let dir: TempDir;
let clip: string;
let sourceLufs: number;
beforeAll(async () => {
  dir = await makeTempDir('bvp-loudness-every-');
  clip = await makeClip(dir.join('tone.mov'), { seconds: 2 });
  sourceLufs = (await measureEbur128(clip, { ffmpeg: 'ffmpeg', streamIndex: 1 })).integratedLufs!;
}, 60_000);
afterAll(() => dir.cleanup());

let n = 0;
async function spec(profile: JobSpec['profile'], changes: Partial<JobSpec> = {}): Promise<JobSpec> {
  const id = `job-${++n}`;
  return specOf(clip, { id, outputPath: dir.join(id, 'tone.mov'), profile, ...changes });
}

const run = (s: JobSpec, ffmpeg = 'ffmpeg') =>
  transcodeFile({ spec: s, ffmpeg, ffprobe: 'ffprobe', settleMs: 0 });

describe('the output of every job with audio is measured', () => {
  it('a profile without loudness settings: the output’s LUFS, true peak and LRA, no target', async () => {
    const result = await run(await spec(plain));
    expect(result.loudness).toMatchObject({ targetLufs: null, truePeakDb: null, mode: 'measured' });
    expect(result.loudness?.unmeasured).toBeUndefined();
    const [stream] = result.loudness!.streams;
    expect(stream.source).toBeNull();
    // PCM carries the tone unchanged: the output measures as the source does.
    expect(Math.abs(stream.output!.integratedLufs! - sourceLufs)).toBeLessThan(0.5);
    expect(stream.output!.truePeakDb).toBeLessThan(0);
    expect(stream.output!.lraLu).toBeGreaterThanOrEqual(0);
  }, 60_000);

  it('with verification off as well', async () => {
    const result = await run(await spec(plain, { verify: false }));
    expect(result.checks).toBeUndefined();
    expect(Math.abs(result.loudness!.streams[0].output!.integratedLufs! - sourceLufs)).toBeLessThan(0.5);
  }, 60_000);

  it('a measure-only target is kept beside the figures, unchecked', async () => {
    const withTarget = {
      ...plain,
      loudness: { target_lufs: -16, true_peak_db: -1, lra: 11, normalize: false },
    };
    const result = await run(await spec(withTarget));
    expect(result.loudness).toMatchObject({ targetLufs: -16, mode: 'measured' });
    expect(result.checks?.some((c) => c.name.startsWith('audio.loudness'))).toBe(false);
  }, 60_000);

  it('`loudness: { measure: false }` turns it off; a clip without audio has nothing to measure', async () => {
    const off = await run(
      await spec({ ...plain, loudness: { measure: false, true_peak_db: -1, lra: 11, normalize: true } }),
    );
    expect(off.loudness).toBeUndefined();
    const silentClip = await makeClip(dir.join('no-audio.mov'), { seconds: 1, audioRate: 0 });
    const s = await stat(silentClip);
    const none = await run(
      await spec(plain, { source: { path: silentClip, size: s.size, mtimeMs: s.mtimeMs } }),
    );
    expect(none.loudness).toBeUndefined();
  }, 60_000);

  it('a measurement that fails leaves a good job completed, with the reason kept', async () => {
    const result = await run(await spec(plain), NO_EBUR128);
    expect(result.outputBytes).toBeGreaterThan(0);
    expect(result.loudness?.unmeasured).toMatch(
      /^the loudness measurement failed: cannot measure the loudness of /,
    );
    expect(result.loudness?.streams[0].output).toBeNull();
  }, 60_000);

  it('but a normalised job cannot be confirmed without it: verification fails, nothing placed', async () => {
    const normalised = {
      ...plain,
      loudness: { target_lufs: -23, true_peak_db: -1, lra: 11, normalize: true },
    };
    const s = await spec(normalised);
    const error = await run(s, NO_EBUR128).then(
      () => null,
      (e: unknown) => e as BvpError,
    );
    expect(error).toBeInstanceOf(BvpError);
    expect(error?.code).toBe('verify.failed');
    expect(error?.message).toContain('the loudness measurement failed');
    expect(existsSync(s.outputPath)).toBe(false);
  }, 60_000);
});
