import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgress, JobSpec } from '../../machines/types.ts';
import { BvpError } from '../../src/errors.ts';
import type { FfmpegRun } from '../../src/media/ffmpeg-run.ts';
import { isTempName } from '../../src/media/temp-name.ts';
import { type PhaseUpdate, transcodeFile } from '../../src/media/transcode-file.ts';
import { ProfileSchema } from '../../src/profiles/schema.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { specOf } from '../helpers/job-spec.ts';

const fakes = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/fake-ffmpeg');

// Small and quick on two shared cores, but a real H.264/AAC encode that verification fully checks.
const profile = v.parse(ProfileSchema, {
  name: 'test-h264',
  container: 'mp4',
  video: { codec: 'libx264', pixel_format: 'yuv420p', crf: 35, preset: 'fast' },
  audio: { codec: 'aac', bitrate: '64k', sample_rate: 48000 },
});

let dir: TempDir;
let clip: Buffer;
let longClip: Buffer;
let n = 0;
beforeAll(async () => {
  dir = await makeTempDir();
  clip = readFileSync(await makeClip(dir.join('clip.mov'), { seconds: 2 }));
  longClip = readFileSync(await makeClip(dir.join('long.mov'), { seconds: 20, width: 96, height: 54 }));
});
afterAll(async () => {
  await dir.cleanup();
});

/** A fresh source in its own watch folder, and a spec for it that writes into its own output folder. */
async function setup(overrides: Partial<JobSpec> = {}, content = clip) {
  n++;
  const source = dir.join(`case${n}`, 'watch', 'clip.mov');
  await mkdir(path.dirname(source), { recursive: true });
  await writeFile(source, content);
  const outDir = dir.join(`case${n}`, 'out', 'masters');
  const spec = await specOf(source, {
    id: `job${n}`,
    outputPath: path.join(outDir, 'clip.mp4'),
    profile,
    ...overrides,
  });
  return { source, outDir, spec };
}

// Buffer.equals, not toEqual: vitest's deep equality walks a multi-megabyte clip byte by byte for seconds.
const sameBytes = async (file: string, expected: Buffer) => (await readFile(file)).equals(expected);
const list = async (folder: string) => (existsSync(folder) ? (await readdir(folder)).sort() : []);
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(BvpError);
      return e as BvpError;
    },
  );

describe('transcodeFile', () => {
  it('encodes, verifies, renames into a created folder, and deletes the source only after that', async () => {
    const { source, outDir, spec } = await setup({ sourceAction: { kind: 'delete' } });
    const phases: PhaseUpdate[] = [];
    const sourceSeen: Record<string, boolean> = {};
    const progress: JobProgress[] = [];
    const result = await transcodeFile({
      spec,
      ffmpeg: 'ffmpeg',
      ffprobe: 'ffprobe',
      onPhase: (u) => {
        phases.push(u);
        sourceSeen[u.phase] = existsSync(source);
      },
      onProgress: (p) => progress.push(p),
    });
    expect(phases.map((p) => p.phase)).toEqual(['probing', 'encoding', 'verifying', 'finalizing']);
    const encoding = phases[1]!;
    expect(isTempName(encoding.tempPath!)).toBe(true);
    expect(path.dirname(encoding.tempPath!)).toBe(outDir);
    expect(encoding.ffmpegArgs).toEqual(result.ffmpegArgs);
    expect(sourceSeen).toEqual({ probing: true, encoding: true, verifying: true, finalizing: true });

    expect(result.outputPath).toBe(spec.outputPath);
    expect(result.outputBytes).toBe((await stat(result.outputPath)).size);
    expect(result.inputBytes).toBe(clip.length);
    expect(result.durationSeconds).toBeCloseTo(2, 0);
    // The job keeps every check and what the probe saw of the source, for its detail.
    expect(result.checks?.length).toBeGreaterThan(2);
    expect(result.checks?.every((c) => c.ok && typeof c.expected === 'string')).toBe(true);
    expect(result.checks?.map((c) => c.name)).toContain('duration');
    expect(result.sourceMedia?.video[0]).toMatchObject({
      width: expect.any(Number),
      height: expect.any(Number),
    });
    expect(result.sourceMedia?.durationSeconds).toBeCloseTo(2, 0);
    expect(progress.at(-1)?.percent).toBe(100);
    expect(await list(outDir)).toEqual(['clip.mp4']);
    expect(existsSync(source)).toBe(false);
  });

  it('keeps the source and leaves no output and no temp file when verification fails', async () => {
    const { source, outDir, spec } = await setup({ sourceAction: { kind: 'delete' } });
    const error = await failure(
      transcodeFile({ spec, ffmpeg: path.join(fakes, 'short-output.sh'), ffprobe: 'ffprobe' }),
    );
    expect(error.code).toBe('verify.failed');
    const checks = (error.details as { checks: { name: string; ok: boolean }[] }).checks;
    expect(checks.map((c) => c.name)).toContain('duration');
    expect(checks.every((c) => !c.ok)).toBe(true);
    // Every check, passed ones too, and the source as probed travel with the failure to the job record.
    const details = error.details as { verification: { ok: boolean }[]; sourceMedia: { container: string } };
    expect(details.verification.length).toBeGreaterThan(checks.length);
    expect(details.verification.some((c) => c.ok)).toBe(true);
    expect(details.sourceMedia.container).toContain('mov');
    expect(await list(outDir)).toEqual([]);
    expect(await sameBytes(source, clip)).toBe(true);
  });

  it('refuses a source that changed since it was queued, touching nothing', async () => {
    const { source, spec } = await setup({ sourceAction: { kind: 'delete' } });
    await utimes(source, new Date(), new Date(Date.now() + 60_000));
    const phases: string[] = [];
    const error = await failure(
      transcodeFile({ spec, ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', onPhase: (u) => phases.push(u.phase) }),
    );
    expect(error.code).toBe('source.changed');
    expect(error.message).toContain('changed since it was queued');
    expect(phases).toEqual(['probing']);
    expect(existsSync(path.dirname(spec.outputPath))).toBe(false);
    expect(await sameBytes(source, clip)).toBe(true);
  });

  it('reports a source that vanished as input.missing', async () => {
    const { spec } = await setup();
    const error = await failure(
      transcodeFile({
        spec: { ...spec, source: { ...spec.source, path: `${spec.source.path}.gone` } },
        ffmpeg: 'ffmpeg',
        ffprobe: 'ffprobe',
      }),
    );
    expect(error.code).toBe('input.missing');
  });

  it('cancels mid-encode: ffmpeg gone, temp file removed, source kept, nothing under the final name', async () => {
    const { source, outDir, spec } = await setup({ sourceAction: { kind: 'delete' } }, longClip);
    const controller = new AbortController();
    let run: FfmpegRun | undefined;
    let tempPath = '';
    const pending = transcodeFile({
      spec,
      ffmpeg: path.join(fakes, 'realtime.sh'),
      ffprobe: 'ffprobe',
      signal: controller.signal,
      control: (r) => {
        run = r;
      },
      onPhase: (u) => {
        if (u.tempPath) tempPath = u.tempPath;
      },
      onProgress: (p) => {
        if (p.outTimeSeconds > 0) controller.abort();
      },
    });
    const error = await failure(pending);
    expect(error.code).toBe('ffmpeg.cancelled');
    expect(error.isCanceled).toBe(true);
    expect(tempPath).not.toBe('');
    expect(existsSync(tempPath)).toBe(false);
    expect(existsSync(`/proc/${run!.pid}`)).toBe(false);
    expect(await list(outDir)).toEqual([]);
    expect(await sameBytes(source, longClip)).toBe(true);
  });

  it('suffixes the output name when it is taken, keeping the existing file', async () => {
    const { outDir, spec } = await setup({ verify: false });
    const done = path.join(path.dirname(path.dirname(outDir)), 'done');
    spec.sourceAction = { kind: 'move', folder: done };
    await mkdir(outDir, { recursive: true });
    await writeFile(spec.outputPath, 'an earlier show');
    const phases: string[] = [];
    const result = await transcodeFile({
      spec,
      ffmpeg: 'ffmpeg',
      ffprobe: 'ffprobe',
      onPhase: (u) => phases.push(u.phase),
    });
    expect(phases).not.toContain('verifying');
    expect(path.basename(result.outputPath)).toBe('clip-1.mp4');
    expect(await readFile(spec.outputPath, 'utf8')).toBe('an earlier show');
    expect(await list(outDir)).toEqual(['clip-1.mp4', 'clip.mp4']);
    expect(await list(done)).toEqual(['clip.mov']);
    expect(existsSync(spec.source.path)).toBe(false);
  });

  it('fails with output.exists under the fail policy, removing its temp file and keeping the source', async () => {
    const { source, outDir, spec } = await setup({ collision: 'fail', sourceAction: { kind: 'delete' } });
    await mkdir(outDir, { recursive: true });
    await writeFile(spec.outputPath, 'an earlier show');
    const error = await failure(transcodeFile({ spec, ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' }));
    expect(error.code).toBe('output.exists');
    expect(await list(outDir)).toEqual(['clip.mp4']);
    expect(await readFile(spec.outputPath, 'utf8')).toBe('an earlier show');
    expect(await sameBytes(source, clip)).toBe(true);
  });

  it('fails with the stderr tail when ffmpeg crashes, and leaves no temp file', async () => {
    const { source, outDir, spec } = await setup({ sourceAction: { kind: 'delete' } });
    const error = await failure(
      transcodeFile({ spec, ffmpeg: path.join(fakes, 'crash.sh'), ffprobe: 'ffprobe' }),
    );
    expect(error.code).toBe('ffmpeg.failed');
    expect(error.stderrTail.length).toBeGreaterThan(0);
    expect((await list(outDir)).filter(isTempName)).toEqual([]);
    expect(await sameBytes(source, clip)).toBe(true);
  });
});
