import { mkdir, readdir, rename, symlink } from 'node:fs/promises';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBvpError } from '../../src/errors.ts';
import { transcodeFile } from '../../src/media/transcode-file.ts';
import { ProfileSchema } from '../../src/profiles/schema.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { specOf } from '../helpers/job-spec.ts';

const profile = v.parse(ProfileSchema, {
  name: 'test-h264',
  container: 'mp4',
  video: { codec: 'libx264', pixel_format: 'yuv420p', crf: 35, preset: 'fast' },
  audio: { codec: 'aac', bitrate: '64k', sample_rate: 48000 },
});

let dir: TempDir;
beforeAll(async () => {
  dir = await makeTempDir('bvp-output-swap-');
});
afterAll(() => dir.cleanup());

describe('containment at write time', () => {
  it('an output sub-folder swapped for a symlink during the encode: nothing lands outside, output.escape', async () => {
    const source = await makeClip(dir.join('clip.mov'), { seconds: 20, width: 96, height: 54 });
    const masters = dir.join('out', 'masters');
    const outside = dir.join('outside');
    await mkdir(outside);
    const spec = await specOf(source, { id: 'swap', outputPath: `${masters}/clip.mp4`, profile });
    let swapped: Promise<void> = Promise.resolve();
    const error = await transcodeFile({
      spec,
      ffmpeg: 'ffmpeg',
      ffprobe: 'ffprobe',
      onPhase: (update) => {
        // As the encode starts: the folder moves away and a link to elsewhere takes its name.
        if (update.phase === 'encoding') {
          swapped = (async () => {
            await rename(masters, dir.join('out', 'masters-old'));
            await symlink(outside, masters);
          })();
        }
      },
    }).then(
      () => null,
      (e: unknown) => e,
    );
    await swapped;
    expect(isBvpError(error) && error.code, String(error)).toBe('output.escape');
    expect(await readdir(outside)).toEqual([]);
  }, 120_000);
});
