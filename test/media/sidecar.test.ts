import { existsSync, linkSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSpec } from '../../machines/types.ts';
import { BvpError } from '../../src/errors.ts';
import { measureEbur128 } from '../../src/media/loudness.ts';
import { probe } from '../../src/media/probe.ts';
import {
  completeSidecar,
  finalizeWithSidecar,
  removeTempFilesSync,
  sidecarPathFor,
  sidecarTempFor,
} from '../../src/media/sidecar.ts';
import { isTempName, tempPathFor } from '../../src/media/temp-name.ts';
import { transcodeFile } from '../../src/media/transcode-file.ts';
import { ProfileSchema } from '../../src/profiles/schema.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { specOf } from '../helpers/job-spec.ts';

// disguise wants uncompressed 16-bit stereo 44.1 kHz; the sidecar follows the profile's audio settings.
const disguiseLike = v.parse(ProfileSchema, {
  name: 'sidecar-16',
  container: 'mov',
  video: { codec: 'prores_ks', prores_profile: 'proxy', pixel_format: 'yuv422p10le' },
  audio: { codec: 'pcm_s16le', sample_rate: 44100, channels: 2, bit_depth: 16, sidecar_wav: true },
});
// An AAC mp4 with a sidecar: the WAV takes the default 48 kHz 24-bit.
const aacWithSidecar = v.parse(ProfileSchema, {
  name: 'sidecar-aac',
  container: 'mp4',
  video: { codec: 'libx264', pixel_format: 'yuv420p', crf: 35, preset: 'fast' },
  audio: { codec: 'aac', bitrate: '96k', sidecar_wav: true },
});

let dir: TempDir;
let clip: string;
let n = 0;
beforeAll(async () => {
  dir = await makeTempDir('bvp-sidecar-');
  clip = await makeClip(dir.join('clip.mov'), { seconds: 2 });
});
afterAll(() => dir.cleanup());

async function spec(
  profile: JobSpec['profile'],
  ext: string,
  extra: Partial<JobSpec> = {},
): Promise<JobSpec> {
  n++;
  return specOf(clip, {
    id: `side${n}`,
    outputPath: dir.join(`case${n}`, `clip.${ext}`),
    profile,
    ...extra,
  });
}
const run = (s: JobSpec) => transcodeFile({ spec: s, ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', settleMs: 0 });
const list = async (folder: string) => (existsSync(folder) ? (await readdir(folder)).sort() : []);

describe('sidecar WAV in a job', () => {
  it('writes a 16-bit 44.1 kHz stereo WAV beside the video, both verified, both under final names', async () => {
    const s = await spec(disguiseLike, 'mov');
    const result = await run(s);
    const folder = path.dirname(s.outputPath);
    expect(await list(folder)).toEqual(['clip.mov', 'clip.wav']);
    expect(result.sidecarPath).toBe(path.join(folder, 'clip.wav'));
    const wav = await probe(result.sidecarPath!, { ffprobe: 'ffprobe' });
    expect(wav.streams).toMatchObject([
      { type: 'audio', codec: 'pcm_s16le', sampleRate: 44100, channels: 2, bitsPerSample: 16 },
    ]);
    expect(Math.abs((wav.durationSeconds ?? 0) - 2)).toBeLessThan(0.1);
    const video = await probe(result.outputPath, { ffprobe: 'ffprobe' });
    expect(video.streams.find((st) => st.type === 'audio')).toMatchObject({
      codec: 'pcm_s16le',
      bitsPerSample: 16,
      sampleRate: 44100,
    });
  }, 60_000);

  it('a normalising profile normalises the sidecar too', async () => {
    const profile = {
      ...disguiseLike,
      loudness: { target_lufs: -20, true_peak_db: -1, lra: 11, normalize: true },
    };
    const result = await run(await spec(profile, 'mov'));
    const wav = await measureEbur128(result.sidecarPath!, { ffmpeg: 'ffmpeg', streamIndex: 0 });
    expect(Math.abs(wav.integratedLufs! + 20)).toBeLessThanOrEqual(1);
    expect(Math.abs(result.loudness!.streams[0].output!.integratedLufs! + 20)).toBeLessThanOrEqual(1);
  }, 60_000);

  it('an AAC profile gets a 48 kHz 24-bit sidecar by default', async () => {
    const result = await run(await spec(aacWithSidecar, 'mp4'));
    const wav = await probe(result.sidecarPath!, { ffprobe: 'ffprobe' });
    expect(wav.streams).toMatchObject([{ codec: 'pcm_s24le', sampleRate: 48000, bitsPerSample: 24 }]);
  }, 60_000);

  it('a taken sidecar name under "fail" leaves neither final name, no temp, and the other file untouched', async () => {
    const s = await spec(disguiseLike, 'mov', { collision: 'fail' });
    const folder = path.dirname(s.outputPath);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'clip.wav'), 'not ours');
    const error = await run(s).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BvpError);
    expect((error as BvpError).code).toBe('output.exists');
    expect(await list(folder)).toEqual(['clip.wav']);
    expect(await readFile(path.join(folder, 'clip.wav'), 'utf8')).toBe('not ours');
  }, 60_000);

  it('a taken sidecar name under "suffix" moves the pair to the next free name', async () => {
    const s = await spec(disguiseLike, 'mov');
    const folder = path.dirname(s.outputPath);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'clip.wav'), 'not ours');
    const result = await run(s);
    expect(await list(folder)).toEqual(['clip-1.mov', 'clip-1.wav', 'clip.wav']);
    expect(result.outputPath).toBe(path.join(folder, 'clip-1.mov'));
  }, 60_000);

  it('a pair whose video fails verification (24-bit audio where the profile says 16) leaves neither file, no temp', async () => {
    // Built by hand past validation, which would refuse pcm_s24le with bit_depth 16.
    const s = await spec(
      { ...disguiseLike, audio: { ...disguiseLike.audio!, codec: 'pcm_s24le', bit_depth: 16 } },
      'mov',
    );
    const error = await run(s).then(
      () => null,
      (e: unknown) => e as BvpError,
    );
    expect(error?.code).toBe('verify.failed');
    expect(await list(path.dirname(s.outputPath))).toEqual([]);
  }, 60_000);
});

describe('finalizing a pair and recovering one', () => {
  async function pair(name: string) {
    const folder = dir.join(name);
    await mkdir(folder, { recursive: true });
    const outputPath = path.join(folder, 'show.mov');
    const tempPath = tempPathFor(outputPath, 'job-1');
    await writeFile(tempPath, 'video');
    await writeFile(sidecarTempFor(tempPath), 'audio');
    return { folder, outputPath, tempPath, sidecarTemp: sidecarTempFor(tempPath) };
  }

  it('names: the sidecar temp is a temp name derived from the video temp, the final one sits beside the video', () => {
    expect(isTempName(sidecarTempFor('/out/.show.bvp-tmp-j.mov'))).toBe(true);
    expect(sidecarPathFor('/out/show-1.mov')).toBe('/out/show-1.wav');
  });

  it('overwrite replaces both; fail with a free pair places both', async () => {
    const a = await pair('overwrite');
    await writeFile(path.join(a.folder, 'show.wav'), 'old');
    await finalizeWithSidecar({ ...a, collision: 'overwrite' });
    expect(await list(a.folder)).toEqual(['show.mov', 'show.wav']);
    expect(await readFile(path.join(a.folder, 'show.wav'), 'utf8')).toBe('audio');
    const b = await pair('fail-free');
    expect(await finalizeWithSidecar({ ...b, collision: 'fail' })).toEqual({
      outputPath: b.outputPath,
      sidecarPath: path.join(b.folder, 'show.wav'),
    });
  });

  it('recovery after a crash between the two links completes the pair', async () => {
    const a = await pair('crash-between');
    // The video got its name (a hard link), the process died before the sidecar's.
    linkSync(a.tempPath, a.outputPath);
    const done = completeSidecar(a.tempPath, a.outputPath);
    expect(done).toEqual({ sidecarPath: path.join(a.folder, 'show.wav') });
    removeTempFilesSync(a.tempPath);
    expect(await list(a.folder)).toEqual(['show.mov', 'show.wav']);
    expect(statSync(path.join(a.folder, 'show.wav')).size).toBe(5);
  });

  it('recovery leaves a foreign file holding the sidecar name alone, with a warning', async () => {
    const a = await pair('crash-foreign');
    await writeFile(path.join(a.folder, 'show.wav'), 'theirs');
    const done = completeSidecar(a.tempPath, a.outputPath);
    expect(done.sidecarPath).toBeNull();
    expect(done.warning).toContain('is taken by another file');
    expect(await readFile(path.join(a.folder, 'show.wav'), 'utf8')).toBe('theirs');
    expect(existsSync(a.sidecarTemp)).toBe(false);
  });

  it('boot clean-up of an interrupted job removes the sidecar temp with the video temp', async () => {
    const a = await pair('interrupted');
    removeTempFilesSync(a.tempPath);
    expect(await list(a.folder)).toEqual([]);
  });
});
