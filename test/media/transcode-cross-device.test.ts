import { existsSync, readdirSync, statSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readdir, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transcodeFile } from '../../src/media/transcode-file.ts';
import { ProfileSchema } from '../../src/profiles/schema.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { specOf } from '../helpers/job-spec.ts';

/**
 * The multi-GB copy a job really makes across devices: `source_action: move` into a folder on another filesystem
 * (/dev/shm here, when it is one). The source is a real clip made large by a 200 MB `free` box after its atoms, which
 * ffmpeg and ffprobe skip; cancelling the job mid-copy must leave the finished output, the source where it was,
 * and nothing in the destination folder.
 */

const profile = v.parse(ProfileSchema, {
  name: 'test-h264',
  container: 'mp4',
  video: { codec: 'libx264', pixel_format: 'yuv420p', crf: 35, preset: 'fast' },
  audio: { codec: 'aac', bitrate: '64k', sample_rate: 48000 },
});
const PADDING = 200 * 1024 * 1024;
const shm = '/dev/shm';
const crossDevice = existsSync(shm) && statSync(shm).dev !== statSync(tmpdir()).dev;

let dir: TempDir;
let other: string;
beforeAll(async () => {
  dir = await makeTempDir('bvp-xdev-');
  other = await mkdtemp(path.join(shm, 'bvp-xdev-'));
});
afterAll(async () => {
  await dir.cleanup();
  await rm(other, { recursive: true, force: true });
});

/** A clip followed by a sparse `free` box of PADDING bytes: a valid QuickTime file of about 200 MB. */
async function bigClip(file: string): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await makeClip(file, { seconds: 1 });
  const header = Buffer.alloc(8);
  header.writeUInt32BE(PADDING, 0);
  header.write('free', 4, 'latin1');
  await appendFile(file, header);
  await truncate(file, (await stat(file)).size - 8 + PADDING);
  return file;
}

describe.skipIf(!crossDevice)('a job moving its source onto another device', () => {
  it('cancelled mid-copy: the verified output stands, the source stays, the other device holds nothing', async () => {
    const source = await bigClip(dir.join('watch', 'master.mov'));
    const info = await stat(source);
    const spec = await specOf(source, {
      id: 'job1',
      outputPath: dir.join('out', 'master.mp4'),
      profile,
      sourceAction: { kind: 'move', folder: other },
    });
    const controller = new AbortController();
    // Cancels once the copy on the other device has started to grow; looked at on every turn of the event loop.
    let watching = true;
    const look = () => {
      if (!watching) return;
      for (const name of readdirSync(other)) {
        const size = statSync(path.join(other, name), { throwIfNoEntry: false })?.size ?? 0;
        if (size >= 8 * 1024 * 1024) controller.abort(new Error('cancel'));
      }
      setImmediate(look);
    };
    setImmediate(look);
    const result = await transcodeFile({
      spec,
      ffmpeg: 'ffmpeg',
      ffprobe: 'ffprobe',
      signal: controller.signal,
      settleMs: 0,
    }).finally(() => {
      watching = false;
    });
    expect(controller.signal.aborted).toBe(true);
    expect(result.outputPath).toBe(spec.outputPath);
    expect(statSync(result.outputPath).size).toBe(result.outputBytes);
    expect(statSync(source).size).toBe(info.size);
    expect(await readdir(other)).toEqual([]);
    expect(await readdir(dir.join('out'))).toEqual(['master.mp4']);
  }, 60_000);
});
