import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueView } from '../../src/service/types.ts';
import { bvp, REPO_ROOT } from '../helpers/bvp.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { denoBinary } from '../helpers/deno.ts';
import { findPids, isAlive, until } from '../helpers/proc.ts';

/**
 * A second Ctrl+C on a real `bvp serve` process: the first starts the graceful stop (here a grace period far longer
 * than the test may take), the second cuts it short — the running encode is cancelled, its temp file removed, the
 * job left pending for the next start, and bvp exits 130.
 */

// Real ffmpeg paced at real time, so a 30 s clip encodes for 30 s and the stop lands in the middle of it.
const REALTIME = path.join(REPO_ROOT, 'test/fixtures/fake-ffmpeg/realtime.sh');
// The Deno binary itself, not the npx wrapper: the signals must reach the process that runs bvp.
const DENO = denoBinary();
if (!DENO) console.warn('no Deno binary for this platform in node_modules/deno: the Deno case is skipped');

const RUNTIMES = [
  { name: 'Node', available: true },
  // On CI the Deno case must run: a missing binary fails it instead of skipping it.
  { name: 'Deno', available: DENO !== null || process.env.CI === 'true' },
] as const;

function serve(runtime: 'Node' | 'Deno', config: string) {
  const args = ['serve', '-c', config, '--port', '0'];
  if (runtime === 'Node') return bvp(args, { env: { BVP_FFMPEG: REALTIME } });
  return execa(DENO ?? 'deno', ['run', '-A', 'src/cli/main.ts', ...args], {
    cwd: REPO_ROOT,
    env: { BVP_FFMPEG: REALTIME, FORCE_COLOR: '0', NO_COLOR: '1' },
    reject: false,
    all: true,
  });
}

let dir: TempDir;
let longClip: string;

beforeAll(async () => {
  dir = await makeTempDir('bvp-stop-now-');
  longClip = await makeClip(dir.join('long cue.mov'), { seconds: 30 });
});
afterAll(() => dir.cleanup());

describe.each(RUNTIMES)('bvp serve on $name, Ctrl+C twice', ({ name, available }) => {
  it.skipIf(!available)(
    'cancels the running encode, removes its temp file, leaves the job pending and exits 130',
    async () => {
      const root = dir.join(name);
      const config = path.join(root, 'monitor.yaml');
      await mkdir(root, { recursive: true });
      await writeFile(
        config,
        [
          'watch:',
          '  - path: ./watch',
          '    profile: live-qlab',
          '    stable_seconds: 0.5',
          'output: ./output',
          'data: ./data',
          // Ten minutes: only the second Ctrl+C can end this stop within the test's time.
          'shutdown_grace_seconds: 600',
          '',
        ].join('\n'),
      );
      const proc = serve(name, config);
      let stdout = '';
      proc.stdout?.on('data', (c: Buffer) => {
        stdout += c.toString();
      });
      try {
        await until(
          () => stdout.includes('Ready.') || proc.exitCode !== null,
          'bvp serve to say Ready.',
          30_000,
        );
        const api = /api\s+(http:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(stdout)?.[1];
        expect(api).toBeDefined();
        await copyFile(longClip, path.join(root, 'watch', 'long cue.mov'));
        let running: QueueView['jobs'][number] | undefined;
        for (const deadline = Date.now() + 30_000; !running && Date.now() < deadline; ) {
          const queue = (await (await fetch(`${api}/api/v1/queue`)).json()) as QueueView;
          running = queue.jobs.find((j) => j.phase === 'encoding');
          if (!running) await new Promise((r) => setTimeout(r, 100));
        }
        if (!running) throw new Error('the encode did not start');
        const output = path.join(root, 'output');
        // ffmpeg is writing its temp file.
        await until(() => findPids(output).some(isAlive), 'ffmpeg to run');

        proc.kill('SIGINT');
        await until(() => stdout.includes('press Ctrl+C again to stop now'), 'the first Ctrl+C to be heard');
        proc.kill('SIGINT');
        const result = await proc;

        expect(result.exitCode).toBe(130);
        expect(result.stdout).toContain('Stopped now');
        expect(result.stderr).toContain(
          `requeued for the next start: ${path.join(root, 'watch', 'long cue.mov')}`,
        );
        // No temp file, no output, no ffmpeg left behind.
        expect(await readdir(output)).toEqual([]);
        expect(findPids(output).filter(isAlive)).toEqual([]);

        const status = await bvp(['status', '-c', config, '--json']);
        expect(status.exitCode).toBe(0);
        const store = JSON.parse(status.stdout) as { counts: Record<string, number> };
        expect(store.counts).toMatchObject({ pending: 1, running: 0, cancelled: 0, failed: 0 });
      } finally {
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
    },
    180_000,
  );
});
