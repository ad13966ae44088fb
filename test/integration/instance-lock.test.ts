import { existsSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRecord } from '../../machines/types.ts';
import { bvp } from '../helpers/bvp.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { findPids, isAlive, until } from '../helpers/proc.ts';
import { pollUntil } from './helpers/harness.ts';

/**
 * Two `bvp serve` on one data folder: the second must exit before it touches anything — no crash recovery that
 * kills the first one's ffmpeg or removes its temp file — and must say who holds the folder.
 */

let dir: TempDir;
let clip: string;

beforeAll(async () => {
  dir = await makeTempDir('bvp-lock-');
  clip = await makeClip(dir.join('clip.mov'), { seconds: 4 });
  await mkdir(dir.join('watch'));
  const config = {
    watch: [{ path: './watch', stable_seconds: 1, poll_interval: 1, profile: 'live-qlab' }],
    output: './output',
    data: './data',
    concurrency: 1,
    stall_seconds: 600,
  };
  await writeFile(dir.join('bvp.yaml'), JSON.stringify(config));
});
afterAll(() => dir.cleanup());

describe('one instance per data folder', () => {
  it('a second bvp serve on the same data folder exits naming the holder, while the first one keeps encoding and completes its job', async () => {
    const first = bvp(['serve', '--config', 'bvp.yaml', '--port', '0'], { cwd: dir.path });
    let out = '';
    first.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    try {
      await until(
        () => out.includes('Ready.') || first.exitCode !== null,
        'the first instance to be ready',
        30_000,
      );
      expect(out).toContain('Ready.');
      await copyFile(clip, dir.join('watch', 'clip.mov'));
      // The first instance's ffmpeg, writing its hidden temp file into ./output.
      const [ffmpeg] = await until(
        () => {
          const pids = findPids(dir.join('output')).filter(isAlive);
          return pids.length > 0 ? pids : undefined;
        },
        'the first instance to start ffmpeg',
        60_000,
      );
      // Held still, so it is certainly mid-encode while the second instance starts (SIGKILL would still reach it).
      process.kill(ffmpeg, 'SIGSTOP');
      let second: Awaited<ReturnType<typeof bvp>>;
      try {
        second = await bvp(['serve', '--config', 'bvp.yaml', '--port', '0'], { cwd: dir.path });
        expect(isAlive(ffmpeg)).toBe(true);
      } finally {
        process.kill(ffmpeg, 'SIGCONT');
      }
      expect(second.exitCode).toBe(1);
      expect(second.stderr).toContain('[store.locked]');
      expect(second.stderr).toContain(`process ${first.pid} on ${hostname()}`);
      expect(second.stdout).not.toContain('Ready.');

      await until(
        () => existsSync(dir.join('output', 'clip.mov')),
        'the first instance to finish',
        120_000,
        200,
      );
      let status: { counts: Record<string, number>; recent: JobRecord[] } = { counts: {}, recent: [] };
      await pollUntil(
        async () => {
          const r = await bvp(['status', '--config', 'bvp.yaml', '--json'], { cwd: dir.path });
          status = JSON.parse(r.stdout) as typeof status;
          return status.counts.completed === 1;
        },
        'the job to be completed in the store',
        30_000,
        250,
      );
      // Started once: nothing requeued or restarted it behind the first instance's back.
      expect(status.recent[0].attempts).toBe(1);
    } finally {
      first.kill('SIGTERM');
      await first;
    }
    // The first instance let go on exit: the holder note is gone and a new instance may start.
    expect(existsSync(dir.join('data', 'bvp.db.lock.json'))).toBe(false);
  }, 180_000);
});
