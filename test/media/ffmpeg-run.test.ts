import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../machines/types.ts';
import { BvpError } from '../../src/errors.ts';
import { type FfmpegRun, runFfmpeg } from '../../src/media/ffmpeg-run.ts';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';

const fakes = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/fake-ffmpeg');
const fake = (name: string) => path.join(fakes, name);

/** A real encode paced at real time by `-re`: `seconds` long in wall time, little CPU on a tiny frame. */
function liveArgs(seconds: number, output: string, statsPeriod = '0.5'): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-re',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=96x54:rate=25:duration=${seconds}`,
    '-c:v',
    'mpeg4',
    '-stats_period',
    statsPeriod,
    '-progress',
    'pipe:1',
    '-nostats',
    '-y',
    '-f',
    'mov',
    output,
  ];
}

/** The state letter in /proc/<pid>/stat (R, S, T, Z, …); null when the process is gone. */
function procState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return null;
  }
}

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function rejection(run: FfmpegRun): Promise<BvpError> {
  const error = await run.done.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BvpError);
  return error as BvpError;
}

let dir: TempDir;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

describe('runFfmpeg', () => {
  it('parses progress and throttles it to the interval, always delivering the final 100 %', async () => {
    const seen: JobProgress[] = [];
    const at: number[] = [];
    // ffmpeg writes a block every 50 ms here, far more often than the 250 ms the dashboard should see.
    const run = runFfmpeg({
      ffmpeg: 'ffmpeg',
      args: liveArgs(2, dir.join('out.mov'), '0.05'),
      durationSeconds: 2,
      onProgress: (p) => {
        seen.push(p);
        at.push(performance.now());
      },
    });
    const outcome = await run.done;
    expect(outcome.exitCode).toBe(0);
    expect(seen.length).toBeGreaterThan(2);
    // Wall time rather than the clip's 2 s: on a loaded machine the paced encode can take longer.
    expect(seen.length).toBeLessThanOrEqual(Math.ceil((outcome.elapsedMs / 1000) * 4) + 2);
    const gaps = at.slice(1, -1).map((t, i) => t - at[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(240);
    const middle = seen.find((p) => p.percent > 0 && p.percent < 100);
    expect(middle?.outTimeSeconds).toBeGreaterThan(0);
    expect(middle?.speed).toBeGreaterThan(0);
    expect(middle?.etaSeconds).not.toBeNull();
    const last = seen.at(-1)!;
    expect(last.percent).toBe(100);
    expect(last.etaSeconds).toBe(0);
    expect(outcome.lastProgress).toEqual(last);
    const percents = seen.map((p) => p.percent);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
  });

  it('suspends ffmpeg with SIGSTOP (no stall while suspended) and completes after resume', async () => {
    let count = 0;
    const run = runFfmpeg({
      ffmpeg: 'ffmpeg',
      args: liveArgs(2, dir.join('out.mov')),
      durationSeconds: 2,
      stallSeconds: 1,
      onProgress: () => count++,
    });
    await waitFor(() => count > 0);
    run.suspend();
    expect(run.suspended).toBe(true);
    await waitFor(() => procState(run.pid!) === 'T');
    // A throttled progress value may still be on its way; after that, silence.
    await new Promise((r) => setTimeout(r, 300));
    const before = count;
    // Together longer than stallSeconds: a paused job must not be failed as stalled.
    await new Promise((r) => setTimeout(r, 1300));
    expect(procState(run.pid!)).toBe('T');
    expect(count).toBe(before);
    run.resume();
    await waitFor(() => procState(run.pid!) !== 'T');
    const outcome = await run.done;
    expect(outcome.exitCode).toBe(0);
    expect(outcome.lastProgress?.percent).toBe(100);
    expect(count).toBeGreaterThan(before);
  });

  it('cancels a running encode: rejects as cancelled and the process is gone', async () => {
    let count = 0;
    const run = runFfmpeg({
      ffmpeg: 'ffmpeg',
      args: liveArgs(30, dir.join('out.mov')),
      durationSeconds: 30,
      onProgress: () => count++,
    });
    await waitFor(() => count > 0);
    const pid = run.pid!;
    run.cancel();
    const error = await rejection(run);
    expect(error.code).toBe('ffmpeg.cancelled');
    expect(error.isCanceled).toBe(true);
    expect(procState(pid)).toBeNull();
  });

  it('cancels through an AbortSignal, also while suspended', async () => {
    const controller = new AbortController();
    let count = 0;
    const run = runFfmpeg({
      ffmpeg: 'ffmpeg',
      args: liveArgs(30, dir.join('out.mov')),
      durationSeconds: 30,
      signal: controller.signal,
      onProgress: () => count++,
    });
    await waitFor(() => count > 0);
    run.suspend();
    await waitFor(() => procState(run.pid!) === 'T');
    const started = Date.now();
    controller.abort();
    const error = await rejection(run);
    expect(error.code).toBe('ffmpeg.cancelled');
    // SIGTERM reached it (it was continued), rather than waiting out the SIGKILL grace.
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('does not start when the signal is already aborted', async () => {
    const run = runFfmpeg({
      ffmpeg: 'ffmpeg',
      args: ['-version'],
      durationSeconds: null,
      signal: AbortSignal.abort(),
    });
    expect(run.pid).toBeUndefined();
    expect((await rejection(run)).code).toBe('ffmpeg.cancelled');
  });

  it('falls back to SIGKILL after the grace period when SIGTERM is ignored', async () => {
    const run = runFfmpeg({ ffmpeg: fake('stubborn.sh'), args: [], durationSeconds: 10, killGraceMs: 300 });
    await waitFor(() => run.pid !== undefined && procState(run.pid) !== null);
    await new Promise((r) => setTimeout(r, 200));
    const pid = run.pid!;
    run.cancel();
    expect((await rejection(run)).code).toBe('ffmpeg.cancelled');
    expect(procState(pid)).toBeNull();
  });

  it('stops a hung ffmpeg as stalled', async () => {
    const seen: JobProgress[] = [];
    const run = runFfmpeg({
      ffmpeg: fake('hang.sh'),
      args: [],
      durationSeconds: 10,
      stallSeconds: 1,
      onProgress: (p) => seen.push(p),
    });
    const pid = run.pid!;
    const error = await rejection(run);
    expect(error.code).toBe('ffmpeg.stalled');
    expect(error.message).toMatch(/no progress for 1 s/);
    expect(seen).toHaveLength(1);
    expect(procState(pid)).toBeNull();
  });

  it('fails with the exit code, the reason and the stderr tail when ffmpeg crashes', async () => {
    const run = runFfmpeg({ ffmpeg: fake('crash.sh'), args: [], durationSeconds: 10 });
    const error = await rejection(run);
    expect(error.code).toBe('ffmpeg.failed');
    expect(error.message).toBe(
      'ffmpeg exited with code 1: Error while decoding stream #0:0: Invalid data found when processing input',
    );
    expect(error.stderrTail).toHaveLength(50);
    expect(error.stderrTail.at(-1)).toBe('Conversion failed!');
    expect(error.details).toEqual({ exitCode: 1, signal: null });
  });

  it('fails with the reason real ffmpeg gives for a missing input', async () => {
    const missing = dir.join('missing.mov');
    const run = runFfmpeg({
      ffmpeg: 'ffmpeg',
      args: ['-hide_banner', '-nostdin', '-i', missing, '-f', 'null', '-'],
      durationSeconds: null,
    });
    const error = await rejection(run);
    expect(error.code).toBe('ffmpeg.failed');
    expect(error.message).toContain('No such file or directory');
    expect(error.stderrTail.join('\n')).toContain(missing);
  });

  it('reports a missing binary as ffmpeg.missing', async () => {
    const run = runFfmpeg({ ffmpeg: dir.join('no-ffmpeg'), args: [], durationSeconds: null });
    expect((await rejection(run)).code).toBe('ffmpeg.missing');
  });

  it('drains thousands of stderr lines while running without blocking', async () => {
    const seen: JobProgress[] = [];
    const run = runFfmpeg({
      ffmpeg: fake('noisy.sh'),
      args: [],
      durationSeconds: 10,
      onProgress: (p) => seen.push(p),
    });
    const outcome = await run.done;
    expect(outcome.stderrTail).toHaveLength(50);
    expect(outcome.stderrTail.at(-1)).toBe('noise finished');
    expect(seen.at(-1)?.percent).toBe(100);
  });

  it('leaves no process behind on success', async () => {
    const run = runFfmpeg({ ffmpeg: 'ffmpeg', args: liveArgs(1, dir.join('out.mov')), durationSeconds: 1 });
    const pid = run.pid!;
    await run.done;
    expect(procState(pid)).toBeNull();
    expect(existsSync(dir.join('out.mov'))).toBe(true);
  });
});
