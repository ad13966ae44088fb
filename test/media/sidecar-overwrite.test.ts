import { existsSync, linkSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BvpError } from '../../src/errors.ts';
import { finalizeWithSidecar, overwriteBackupsFor, sidecarTempFor } from '../../src/media/sidecar.ts';
import { settleOverwriteSync } from '../../src/media/sidecar-overwrite.ts';
import { tempPathFor } from '../../src/media/temp-name.ts';
import { transcodeFile } from '../../src/media/transcode-file.ts';
import { ProfileSchema } from '../../src/profiles/schema.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { specOf } from '../helpers/job-spec.ts';

let dir: TempDir;
beforeAll(async () => {
  dir = await makeTempDir('bvp-sidecar-overwrite-');
});
afterAll(() => dir.cleanup());

/** A folder holding an old pair (show.mov + show.wav) and a new verified pair under temp names. */
async function scene(name: string) {
  const folder = dir.join(name);
  await mkdir(folder, { recursive: true });
  const outputPath = path.join(folder, 'show.mov');
  const wavPath = path.join(folder, 'show.wav');
  const tempPath = tempPathFor(outputPath, 'job-1');
  const sidecarTemp = sidecarTempFor(tempPath);
  await writeFile(outputPath, 'old video');
  await writeFile(wavPath, 'old audio');
  await writeFile(tempPath, 'new video');
  await writeFile(sidecarTemp, 'new audio');
  return { folder, outputPath, wavPath, tempPath, sidecarTemp };
}

async function failure(run: Promise<unknown>): Promise<BvpError> {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BvpError);
  return error as BvpError;
}

const list = async (folder: string) => (await readdir(folder)).sort();

describe('overwriting a video and its sidecar WAV: all or nothing', () => {
  it('replaces both old files and leaves nothing hidden behind', async () => {
    const s = await scene('ok');
    const placed = await finalizeWithSidecar({ ...s, collision: 'overwrite' });
    expect(placed).toEqual({ outputPath: s.outputPath, sidecarPath: s.wavPath });
    expect(await readFile(s.outputPath, 'utf8')).toBe('new video');
    expect(await readFile(s.wavPath, 'utf8')).toBe('new audio');
    expect(await list(s.folder)).toEqual(['show.mov', 'show.wav']);
  });

  it('a folder at the sidecar’s final name: the old video stays, nothing is replaced, the new pair stays temp', async () => {
    const s = await scene('folder-at-wav');
    await rm(s.wavPath);
    await mkdir(s.wavPath);
    await writeFile(path.join(s.wavPath, 'inside.txt'), 'someone’s folder');
    const error = await failure(finalizeWithSidecar({ ...s, collision: 'overwrite' }));
    expect(error.code).toBe('output.exists');
    expect(error.message).toContain(`${s.wavPath} is a folder`);
    expect(await readFile(s.outputPath, 'utf8')).toBe('old video');
    expect(await readFile(path.join(s.wavPath, 'inside.txt'), 'utf8')).toBe('someone’s folder');
    // The temp files are the caller's to remove (transcode-file does on any failure).
    expect(await readFile(s.tempPath, 'utf8')).toBe('new video');
    expect(existsSync(overwriteBackupsFor(s.tempPath).video)).toBe(false);
  });

  it('the sidecar’s rename fails after the new video took its name: both old files come back intact', async () => {
    const s = await scene('wav-rename-fails');
    // The new WAV is gone by the time it is moved (ENOENT from the real rename, after the video's succeeded).
    await rm(s.sidecarTemp);
    const error = await failure(finalizeWithSidecar({ ...s, collision: 'overwrite' }));
    expect(error.code).toBe('output.io');
    expect(error.message).toContain('ENOENT');
    expect(await readFile(s.outputPath, 'utf8')).toBe('old video');
    expect(await readFile(s.wavPath, 'utf8')).toBe('old audio');
    expect(await readFile(s.tempPath, 'utf8')).toBe('new video');
    expect(await list(s.folder)).toEqual([path.basename(s.tempPath), 'show.mov', 'show.wav']);
  });

  it('with no old pair, overwrite just places the new one', async () => {
    const s = await scene('nothing-old');
    await rm(s.outputPath);
    await rm(s.wavPath);
    await finalizeWithSidecar({ ...s, collision: 'overwrite' });
    expect(await list(s.folder)).toEqual(['show.mov', 'show.wav']);
  });
});

describe('boot recovery of an overwrite that died midway', () => {
  /** The crash: the old pair set aside under the hidden names, the new video placed or not. */
  async function diedMidway(name: string, videoPlaced: boolean) {
    const s = await scene(name);
    const backups = overwriteBackupsFor(s.tempPath);
    linkSync(s.outputPath, backups.video);
    await rm(s.outputPath);
    linkSync(s.wavPath, backups.sidecar);
    await rm(s.wavPath);
    if (videoPlaced) linkSync(s.tempPath, s.outputPath);
    return s;
  }

  it('before the new video took its name: the old pair goes back', async () => {
    const s = await diedMidway('before-video', false);
    expect(settleOverwriteSync(s.tempPath, s.outputPath, false)).toEqual([]);
    expect(await readFile(s.outputPath, 'utf8')).toBe('old video');
    expect(await readFile(s.wavPath, 'utf8')).toBe('old audio');
    expect(existsSync(overwriteBackupsFor(s.tempPath).video)).toBe(false);
    expect(existsSync(overwriteBackupsFor(s.tempPath).sidecar)).toBe(false);
  });

  it('after it (the job is completed): the old pair goes', async () => {
    const s = await diedMidway('after-video', true);
    expect(settleOverwriteSync(s.tempPath, s.outputPath, true)).toEqual([]);
    expect(await readFile(s.outputPath, 'utf8')).toBe('new video');
    expect(existsSync(overwriteBackupsFor(s.tempPath).video)).toBe(false);
    expect(existsSync(overwriteBackupsFor(s.tempPath).sidecar)).toBe(false);
  });

  it('a file that took the old name since is left alone; the old one stays hidden, with a warning', async () => {
    const s = await diedMidway('taken-since', false);
    writeFileSync(s.outputPath, 'someone else’s');
    const warnings = settleOverwriteSync(s.tempPath, s.outputPath, false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`it is kept as ${overwriteBackupsFor(s.tempPath).video}`);
    expect(await readFile(s.outputPath, 'utf8')).toBe('someone else’s');
    expect(await readFile(overwriteBackupsFor(s.tempPath).video, 'utf8')).toBe('old video');
    expect(await readFile(s.wavPath, 'utf8')).toBe('old audio');
  });
});

describe('an overwrite job with a sidecar, end to end (real encode)', () => {
  const withSidecar = v.parse(ProfileSchema, {
    name: 'sidecar-overwrite',
    container: 'mov',
    video: { codec: 'prores_ks', prores_profile: 'proxy', pixel_format: 'yuv422p10le' },
    audio: { codec: 'pcm_s16le', sample_rate: 48000, sidecar_wav: true },
  });

  it('a folder at the WAV’s name fails the job; the old video is intact, no temp or hidden file is left', async () => {
    const folder = dir.join('job-folder-at-wav');
    await mkdir(path.join(folder, 'show.wav'), { recursive: true });
    await writeFile(path.join(folder, 'show.mov'), 'old video');
    const clip = await makeClip(dir.join('job-source.mov'), { seconds: 1 });
    const error = await failure(
      transcodeFile({
        spec: await specOf(clip, {
          id: 'overwrite-1',
          outputPath: path.join(folder, 'show.mov'),
          profile: withSidecar,
          collision: 'overwrite',
        }),
        ffmpeg: 'ffmpeg',
        ffprobe: 'ffprobe',
        settleMs: 0,
      }),
    );
    expect(error.code).toBe('output.exists');
    expect(await readFile(path.join(folder, 'show.mov'), 'utf8')).toBe('old video');
    expect(await list(folder)).toEqual(['show.mov', 'show.wav']);
    expect(existsSync(clip)).toBe(true);
  }, 60_000);
});
