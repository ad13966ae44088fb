import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyActorRef, createActor, setup } from 'xstate';
import type { JobSpec, TranscodeReport } from '../../machines/types.ts';
import { createTranscodeActor, type TranscodeActorDeps } from '../../src/media/transcode-actor.ts';
import { ProfileSchema } from '../../src/profiles/schema.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { specOf } from '../helpers/job-spec.ts';

const fakes = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/fake-ffmpeg');

const profile = v.parse(ProfileSchema, {
  name: 'test-h264',
  container: 'mp4',
  video: { codec: 'libx264', pixel_format: 'yuv420p', crf: 35, preset: 'fast' },
  audio: { codec: 'aac', bitrate: '64k', sample_rate: 48000 },
});

let dir: TempDir;
let clip: Buffer;
let n = 0;
beforeAll(async () => {
  dir = await makeTempDir();
  clip = readFileSync(await makeClip(dir.join('clip.mov'), { seconds: 2, width: 96, height: 54 }));
});
afterAll(async () => {
  await dir.cleanup();
});

async function specFor(): Promise<JobSpec> {
  n++;
  const source = dir.join(`case${n}`, 'clip.mov');
  await mkdir(path.dirname(source), { recursive: true });
  await writeFile(source, clip);
  return specOf(source, {
    id: `job${n}`,
    outputPath: dir.join(`case${n}`, 'out', 'clip.mp4'),
    profile,
  });
}

/** A minimal job-like parent: invokes `transcode` while running, records what it sends back, CANCEL leaves. */
function start(spec: JobSpec, deps: Omit<TranscodeActorDeps, 'track'>) {
  const reports: TranscodeReport[] = [];
  const work: Promise<void>[] = [];
  const machine = setup({
    actors: { transcode: createTranscodeActor({ ...deps, track: (w) => work.push(w) }) },
  }).createMachine({
    initial: 'running',
    states: {
      running: {
        invoke: { id: 'transcode', src: 'transcode', input: { spec, attempt: 1 } },
        on: {
          'transcode.*': { actions: ({ event }) => reports.push(event as TranscodeReport) },
          CANCEL: 'cancelled',
        },
      },
      cancelled: {},
    },
  });
  const actor = createActor(machine);
  actor.start();
  const child = () => actor.getSnapshot().children.transcode as AnyActorRef | undefined;
  return { actor, reports, work, child };
}

async function waitFor(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const isFinal = (r: TranscodeReport) => r.type === 'transcode.done' || r.type === 'transcode.failed';
const procState = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return null;
  }
};
/** ffmpeg's pid, found by the temp file it writes (the actor does not expose the process). */
const ffmpegPid = (tempPath: string) =>
  readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map(Number)
    .find((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(tempPath);
      } catch {
        return false;
      }
    });

describe('createTranscodeActor', () => {
  it('reports phases, progress and the result to its parent', async () => {
    const spec = await specFor();
    const { reports } = start(spec, { ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' });
    await waitFor(() => reports.some(isFinal));
    const phases = reports.filter((r) => r.type === 'transcode.phase');
    expect(phases.map((p) => p.phase)).toEqual(['probing', 'encoding', 'verifying', 'finalizing']);
    const encoding = phases[1]!;
    expect(encoding.tempPath).toMatch(/\.clip\.bvp-tmp-job\d+-1-[0-9a-f]+\.mp4$/);
    expect(encoding.ffmpegArgs).toContain(`file:${encoding.tempPath}`);
    expect(reports.some((r) => r.type === 'transcode.progress')).toBe(true);
    const done = reports.at(-1)!;
    expect(done.type).toBe('transcode.done');
    if (done.type !== 'transcode.done') return;
    expect(done.result.outputPath).toBe(spec.outputPath);
    expect(await readdir(path.dirname(spec.outputPath))).toEqual(['clip.mp4']);
  });

  it('suspends ffmpeg on SUSPEND and lets it finish after CONTINUE', async () => {
    const spec = await specFor();
    const { reports, child } = start(spec, { ffmpeg: path.join(fakes, 'realtime.sh'), ffprobe: 'ffprobe' });
    await waitFor(() => reports.some((r) => r.type === 'transcode.progress'));
    const tempPath = reports.find((r) => r.type === 'transcode.phase' && r.tempPath)!;
    const pid = ffmpegPid((tempPath as { tempPath: string }).tempPath)!;
    child()!.send({ type: 'SUSPEND' });
    await waitFor(() => procState(pid) === 'T');
    await new Promise((r) => setTimeout(r, 300));
    expect(procState(pid)).toBe('T');
    expect(reports.some(isFinal)).toBe(false);
    child()!.send({ type: 'CONTINUE' });
    await waitFor(() => reports.some(isFinal));
    expect(reports.at(-1)!.type).toBe('transcode.done');
  });

  it('applies a SUSPEND that arrives before ffmpeg has started', async () => {
    const spec = await specFor();
    const { reports, child } = start(spec, { ffmpeg: path.join(fakes, 'realtime.sh'), ffprobe: 'ffprobe' });
    child()!.send({ type: 'SUSPEND' });
    await waitFor(() => reports.some((r) => r.type === 'transcode.phase' && r.phase === 'encoding'));
    const phase = reports.find((r) => r.type === 'transcode.phase' && r.tempPath) as { tempPath: string };
    await waitFor(() => ffmpegPid(phase.tempPath) !== undefined);
    const pid = ffmpegPid(phase.tempPath)!;
    await waitFor(() => procState(pid) === 'T');
    child()!.send({ type: 'CONTINUE' });
    await waitFor(() => reports.some(isFinal));
    expect(reports.at(-1)!.type).toBe('transcode.done');
  });

  it('kills ffmpeg and removes the temp file when stopped, reporting nothing more', async () => {
    const spec = await specFor();
    const { actor, reports, work } = start(spec, {
      ffmpeg: path.join(fakes, 'realtime.sh'),
      ffprobe: 'ffprobe',
    });
    await waitFor(() => reports.some((r) => r.type === 'transcode.progress'));
    const phase = reports.find((r) => r.type === 'transcode.phase' && r.tempPath) as { tempPath: string };
    const pid = ffmpegPid(phase.tempPath)!;
    expect(existsSync(phase.tempPath)).toBe(true);
    actor.send({ type: 'CANCEL' });
    const count = reports.length;
    await Promise.all(work);
    expect(procState(pid)).toBeNull();
    expect(existsSync(phase.tempPath)).toBe(false);
    expect(await readdir(path.dirname(spec.outputPath))).toEqual([]);
    expect(reports).toHaveLength(count);
    expect(existsSync(spec.source.path)).toBe(true);
  });

  it('reports a failure with its code, message and stderr tail', async () => {
    const spec = await specFor();
    const { reports } = start(spec, { ffmpeg: path.join(fakes, 'crash.sh'), ffprobe: 'ffprobe' });
    await waitFor(() => reports.some(isFinal));
    const failed = reports.at(-1)!;
    expect(failed.type).toBe('transcode.failed');
    if (failed.type !== 'transcode.failed') return;
    expect(failed.error.code).toBe('ffmpeg.failed');
    expect(failed.error.message).toContain('exited with code 1');
    expect(failed.error.stderrTail.at(-1)).toBe('Conversion failed!');
  });
});
