import { mkdir, readdir, stat } from 'node:fs/promises';
import { execa } from 'execa';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BvpError, isBvpError } from '../../src/errors.ts';
import { classifyOutputFailure } from '../../src/media/output-failure.ts';
import { transcodeFile } from '../../src/media/transcode-file.ts';
import { ProfileSchema } from '../../src/profiles/schema.ts';
import { ensureInside } from '../../src/rules/ensure-inside.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { specOf } from '../helpers/job-spec.ts';

/**
 * A full output disk is an output problem, not "ffmpeg failed": a real 256 KiB tmpfs as the output folder (root
 * can mount one; elsewhere the test is skipped, since no other way makes ffmpeg meet a real ENOSPC).
 */

const profile = v.parse(ProfileSchema, {
  name: 'test-h264',
  container: 'mp4',
  video: { codec: 'libx264', pixel_format: 'yuv420p', crf: 18, preset: 'fast' },
  audio: { codec: 'aac', bitrate: '192k', sample_rate: 48000 },
});

let dir: TempDir;
let small: string | null = null;
beforeAll(async () => {
  dir = await makeTempDir('bvp-output-failure-');
  await mkdir(dir.join('small'));
  const mounted = await execa('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir.join('small')], {
    reject: false,
  });
  if (mounted.exitCode === 0) small = dir.join('small');
});
afterAll(async () => {
  if (small) await execa('umount', [small], { reject: false });
  await dir.cleanup();
});

describe('output failures get output codes', () => {
  it('a full output disk fails the job with output.no_space, leaves no temp file and keeps the source', async (ctx) => {
    if (!small) ctx.skip();
    const source = await makeClip(dir.join('clip.mov'), { seconds: 4, width: 640, height: 360 });
    const s = await stat(source);
    const spec = await specOf(source, {
      id: 'full',
      outputPath: `${small}/clip.mp4`,
      profile,
      sourceAction: { kind: 'delete' },
    });
    const error = await transcodeFile({ spec, ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isBvpError(error) && error.code, String(error)).toBe('output.no_space');
    expect(await readdir(small!)).toEqual([]);
    expect((await stat(source)).size).toBe(s.size);
  }, 60_000);

  it('a name longer than the file system allows is output.name_too_long, not output.escape', async () => {
    await mkdir(dir.join('out'), { recursive: true });
    const check = await ensureInside(dir.join('out'), dir.join('out', `${'n'.repeat(300)}.mov`));
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.error.code).toBe('output.name_too_long');
  });

  it('ffmpeg ended by a signal we did not send is ffmpeg.killed (retried); our own stops keep their codes', () => {
    const killed = new BvpError('ffmpeg.failed', 'ffmpeg was killed by SIGKILL', {
      details: { exitCode: null, signal: 'SIGKILL' },
      stderrTail: ['frame=10'],
    });
    expect(classifyOutputFailure(killed, '/out/.x.tmp')).toMatchObject({
      code: 'ffmpeg.killed',
      stderrTail: ['frame=10'],
    });
    const exited = new BvpError('ffmpeg.failed', 'exit 1', { details: { exitCode: 1, signal: null } });
    expect(classifyOutputFailure(exited, '/out/.x.tmp')).toMatchObject({ code: 'ffmpeg.failed' });
    const stalled = new BvpError('ffmpeg.stalled', 'stalled');
    expect(classifyOutputFailure(stalled, '/out/.x.tmp')).toBe(stalled);
  });
});
