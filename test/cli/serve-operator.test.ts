import { copyFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView, QueueView, StatusView } from '../../src/service/types.ts';
import { bvp, REPO_ROOT } from '../helpers/bvp.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { until } from '../helpers/proc.ts';

/**
 * What the operator at the console is told, on real `bvp serve` processes: a paused queue stays paused across a
 * restart (nothing encodes until resumed), and a stop names the job it waits for and says it was requeued.
 */

// Real ffmpeg paced at real time, so an encode lasts as long as its clip and a stop can land in the middle of it.
const REALTIME = path.join(REPO_ROOT, 'test/fixtures/fake-ffmpeg/realtime.sh');

let dir: TempDir;
let clip: string;
let longClip: string;

beforeAll(async () => {
  dir = await makeTempDir('bvp-serve-op-');
  clip = await makeClip(dir.join('clip.mov'), { seconds: 1 });
  longClip = await makeClip(dir.join('long cue.mov'), { seconds: 30 });
});
afterAll(() => dir.cleanup());

async function layout(name: string, grace = 30): Promise<{ root: string; config: string }> {
  const root = dir.join(name);
  const config = path.join(root, 'monitor.yaml');
  await import('node:fs/promises').then((fs) => fs.mkdir(root, { recursive: true }));
  await writeFile(
    config,
    [
      'watch:',
      '  - path: ./watch',
      '    profile: live-qlab',
      '    stable_seconds: 0.5',
      'output: ./output',
      'data: ./data',
      `shutdown_grace_seconds: ${grace}`,
      '',
    ].join('\n'),
  );
  return { root, config };
}

interface Server {
  api: string;
  stdout: () => string;
  stderr: () => string;
  stop(signal?: NodeJS.Signals): Promise<{ exitCode?: number; stdout: string; stderr: string }>;
}

async function serve(args: string[], env: Record<string, string> = {}): Promise<Server> {
  const proc = bvp(args, { env });
  let stdout = '';
  let stderr = '';
  proc.stdout?.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  proc.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  await until(() => stdout.includes('Ready.') || proc.exitCode !== null, 'bvp serve to say Ready.', 30_000);
  const api = /api\s+(http:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(stdout)?.[1];
  if (!api) {
    proc.kill('SIGKILL');
    throw new Error(`bvp serve did not start:\n${stdout}\n${stderr}`);
  }
  return {
    api,
    stdout: () => stdout,
    stderr: () => stderr,
    async stop(signal = 'SIGTERM') {
      proc.kill(signal);
      const r = await proc;
      return { exitCode: r.exitCode, stdout, stderr };
    },
  };
}

/** Polls an async check until it yields a value, or fails naming `what`. */
async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  what: string,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function get<T>(server: Server, route: string): Promise<T> {
  return (await (await fetch(`${server.api}/api/v1${route}`)).json()) as T;
}
const post = (server: Server, route: string) => fetch(`${server.api}/api/v1${route}`, { method: 'POST' });

describe('bvp serve tells the operator the truth', () => {
  it('keeps an operator pause across a restart: nothing is encoded until resumed', async () => {
    const { root, config } = await layout('pause');
    const first = await serve(['serve', '-c', config, '--port', '0']);
    expect((await post(first, '/queue/pause')).status).toBe(200);
    const stopped = await first.stop();
    expect(stopped.exitCode).toBe(0);
    // The operator's pause is logged once; the stop's own pause is not an operator action and is not logged.
    expect(stopped.stderr.match(/queue paused/g) ?? []).toHaveLength(1);

    const second = await serve(['serve', '-c', config, '--port', '0']);
    try {
      expect(second.stdout()).toMatch(/queue paused \(since \d{4}-\d\d-\d\dT/);
      expect(await get<StatusView>(second, '/status')).toMatchObject({ paused: true, running: false });
      await copyFile(clip, path.join(root, 'watch', 'clip.mov'));
      const job = await eventually(
        async () => (await get<QueueView>(second, '/queue')).jobs[0],
        'the clip to be queued',
      );
      // Give a running queue ample time to have started it; a paused one must not.
      await new Promise((r) => setTimeout(r, 3000));
      expect((await get<JobView>(second, `/jobs/${job.id}`)).status).toBe('pending');
      expect(await readdir(path.join(root, 'output'))).toEqual([]);

      expect((await post(second, '/queue/resume')).status).toBe(200);
      await eventually(
        async () => (await get<JobView>(second, `/jobs/${job.id}`)).status === 'completed',
        'the job to complete after resume',
        60_000,
      );
      expect(await readdir(path.join(root, 'output'))).toEqual(['clip.mov']);
    } finally {
      await second.stop();
    }
  }, 120_000);

  it('on SIGINT during an encode names the job it waits for and, when the grace ends, that it was requeued', async () => {
    const { root, config } = await layout('sigint', 2);
    const server = await serve(['serve', '-c', config, '--port', '0'], { BVP_FFMPEG: REALTIME });
    await copyFile(longClip, path.join(root, 'watch', 'long cue.mov'));
    const running = await eventually(
      async () => (await get<QueueView>(server, '/queue')).jobs.find((j) => j.phase === 'encoding'),
      'the encode to start',
    );
    const result = await server.stop('SIGINT');
    expect(result.exitCode).toBe(0);
    const source = path.join(root, 'watch', 'long cue.mov');
    expect(result.stderr).toContain(
      `stopping: waiting 2 s for ${source} (${running.id}); then it is requeued`,
    );
    expect(result.stderr).toContain(`requeued for the next start: ${source} (${running.id})`);
    // A stop or a failed start is not an operator's pause.
    expect(result.stderr).not.toContain('queue paused');
    expect(await readdir(path.join(root, 'output'))).toEqual([]);
  }, 120_000);

  it('bvp monitor start -c F --api-port N serves on N, with the original flags mapped onto the config', async () => {
    const { root, config } = await layout('monitor');
    const port = 18300 + Math.floor(Math.random() * 90);
    const server = await serve([
      'monitor',
      'start',
      '-c',
      config,
      '--api-port',
      String(port),
      '--api-host',
      '127.0.0.1',
      '-w',
      path.join(root, 'drop'),
      '-o',
      path.join(root, 'out'),
      '-p',
      '7',
      '-l',
      'WARNING',
    ]);
    try {
      expect(server.api).toBe(`http://127.0.0.1:${port}`);
      expect(server.stdout()).toContain(`watching ${path.join(root, 'drop')} → ${path.join(root, 'out')}`);
      const rules = await get<{ watch?: Array<{ path: string; poll_interval: number }> }>(server, '/config');
      expect(rules.watch?.[0]).toMatchObject({ path: path.join(root, 'drop'), poll_interval: 7 });
    } finally {
      await server.stop();
    }
  }, 60_000);
});
