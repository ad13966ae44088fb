import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { bvp, REPO_ROOT } from '../helpers/bvp.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { findPids, until } from '../helpers/proc.ts';

const REALTIME = path.join(REPO_ROOT, 'test/fixtures/fake-ffmpeg/realtime.sh');

let dir: TempDir;
let a: string;
let b: string;

beforeAll(async () => {
  dir = await makeTempDir('bvp-run-');
  a = await makeClip(dir.join('a.mov'), { seconds: 2 });
  b = await makeClip(dir.join('b.mov'), { seconds: 2 });
});
afterAll(() => dir.cleanup());

/** Every output line as its words; the last field (a path or message) may hold spaces, so it is kept whole. */
function parse(stdout: string): Array<{ kind: string; fields: string[] }> {
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [kind, ...fields] = line.split(' ');
      return { kind, fields };
    });
}

describe('bvp run', () => {
  it('queues each file, prints its events line by line, and exits 0 once all completed', async () => {
    const out = dir.join('out-basic');
    const data = dir.join('data-basic');
    const r = await bvp(['run', '--profile', 'live-qlab', '--data', data, '--output-dir', out, a, b]);
    expect(r.exitCode, r.all).toBe(0);
    const lines = parse(r.stdout);
    const queued = lines.filter((l) => l.kind === 'queued');
    expect(queued.map((l) => l.fields[1])).toEqual([a, b]);
    const [idA, idB] = queued.map((l) => l.fields[0]);
    for (const id of [idA, idB]) {
      const own = lines.filter((l) => l.fields[0] === id).map((l) => l.kind);
      expect(own[0]).toBe('queued');
      expect(own.at(-1)).toBe('completed');
      expect(own.filter((k) => k === 'started')).toHaveLength(1);
      const phases = lines.filter((l) => l.kind === 'phase' && l.fields[0] === id).map((l) => l.fields[1]);
      expect(phases).toEqual(['probing', 'encoding', 'verifying', 'finalizing']);
      const percents = lines
        .filter((l) => l.kind === 'progress' && l.fields[0] === id)
        .map((l) => Number(l.fields[1]));
      expect(percents.length).toBeGreaterThan(0);
      expect(percents).toEqual([...percents].sort((x, y) => x - y));
      expect(percents.every((p) => p >= 0 && p <= 100)).toBe(true);
    }
    expect(lines.find((l) => l.kind === 'completed' && l.fields[0] === idA)?.fields[1]).toBe(
      path.join(out, 'a.mov'),
    );
    expect((await readdir(out)).sort()).toEqual(['a.mov', 'b.mov']);

    // Same files, same store: nothing is encoded twice.
    const again = await bvp(['run', '--profile', 'live-qlab', '--data', data, '--output-dir', out, a, b]);
    expect(again.exitCode, again.all).toBe(0);
    expect(again.stdout.trim().split('\n')).toEqual([
      `skipped ${idA} completed ${a}`,
      `skipped ${idB} completed ${b}`,
    ]);
    expect((await readdir(out)).sort()).toEqual(['a.mov', 'b.mov']);

    // Same file, another profile: a different request, so it runs.
    const other = await bvp(['run', '--profile', 'audio-qlab', '--data', data, '--output-dir', out, a]);
    expect(other.exitCode, other.all).toBe(0);
    expect(other.stdout).toContain(`completed `);
    expect((await readdir(out)).sort()).toEqual(['a.mov', 'a.wav', 'b.mov']);
  });

  it('defaults to ./data for the store and to <stem>__processed__<profile> beside the source', async () => {
    const cwd = dir.join('cwd-defaults');
    await mkdir(cwd);
    const clip = await makeClip(path.join(cwd, 'take one.mov'), { seconds: 1 });
    const r = await bvp(['run', '-p', 'live-qlab', 'take one.mov'], { cwd });
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toContain(`queued `);
    expect(r.stdout).toContain(` ${clip}\n`);
    expect(existsSync(path.join(cwd, 'data', 'bvp.db'))).toBe(true);
    expect(existsSync(path.join(cwd, 'take one__processed__live-qlab.mov'))).toBe(true);
  });

  it('exits 1 when a job fails or a file is refused, after running the others', async () => {
    const bad = dir.join('corrupt.mov');
    await writeFile(bad, Buffer.alloc(4096, 5));
    const missing = dir.join('missing.mov');
    const out = dir.join('out-fail');
    const r = await bvp([
      'run',
      '-p',
      'live-qlab',
      '--data',
      dir.join('data-fail'),
      '--output-dir',
      out,
      bad,
      missing,
      a,
    ]);
    expect(r.exitCode, r.all).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines).toContain(`rejected input.missing ${missing}`);
    expect(r.stderr).toContain('missing.mov');
    const failed = lines.find((l) => l.startsWith('failed '));
    expect(failed).toMatch(/^failed \S+ input\.unreadable .*corrupt\.mov/);
    expect(lines.some((l) => l.startsWith('completed '))).toBe(true);
    expect(await readdir(out)).toEqual(['a.mov']);
  });

  it('refuses a bad command line with exit 2 and opens no store', async () => {
    const cwd = dir.join('cwd-usage');
    await mkdir(cwd, { recursive: true });
    for (const args of [
      ['run', a],
      ['run', '-p', 'live-qlab'],
      ['run', '-p', 'live-qlab', '--jobs', '0', a],
      ['run', '-p', 'no-such-profile', a],
    ]) {
      const r = await bvp(args, { cwd });
      expect(r.exitCode, `${args.join(' ')}\n${r.all}`).toBe(2);
    }
    expect(existsSync(path.join(cwd, 'data'))).toBe(false);
  });

  it('--jobs 2 runs two files at once', async () => {
    const r = await bvp(
      [
        'run',
        '-p',
        'live-qlab',
        '--jobs',
        '2',
        '--data',
        dir.join('data-jobs'),
        '--output-dir',
        dir.join('out-jobs'),
        a,
        b,
      ],
      { env: { BVP_FFMPEG: REALTIME } },
    );
    expect(r.exitCode, r.all).toBe(0);
    const kinds = parse(r.stdout).map((l) => l.kind);
    expect(kinds.filter((k) => k === 'started')).toHaveLength(2);
    expect(kinds.lastIndexOf('started')).toBeLessThan(kinds.indexOf('completed'));
  });

  it('Ctrl+C stops at once with 130 and no temp file; the next run finishes the requeued job', async () => {
    const slow = await makeClip(dir.join('slow.mov'), { seconds: 5 });
    const data = dir.join('data-sigint');
    const out = dir.join('out-sigint');
    const args = ['run', '-p', 'live-qlab', '--data', data, '--output-dir', out, slow];
    const child = bvp(args, { env: { BVP_FFMPEG: REALTIME } });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('progress ')) child.kill('SIGINT');
    });
    const r = await child;
    expect(r.exitCode, r.all).toBe(130);
    expect(r.stdout).toContain('interrupted 1 running job(s) requeued');
    expect(r.stdout).not.toContain('completed ');
    await until(() => findPids(out).length === 0, 'ffmpeg to be gone');
    expect((await readdir(out)).filter((n) => n.includes('bvp-tmp'))).toEqual([]);

    const next = await bvp(args);
    expect(next.exitCode, next.all).toBe(0);
    const id = /^queued (\S+)/m.exec(r.stdout)?.[1];
    // The restored job starts as the service boots, so it may already be running when listed.
    expect(next.stdout).toMatch(new RegExp(`^restored ${id} (pending|running) ${slow}$`, 'm'));
    expect(next.stdout).toMatch(new RegExp(`^skipped ${id} (pending|running) ${slow}$`, 'm'));
    expect(next.stdout).toContain(`completed ${id} ${path.join(out, 'slow.mov')}`);
    expect(await readdir(out)).toEqual(['slow.mov']);
    const store = openStore(path.join(data, 'bvp.db'));
    try {
      const timeline = store.getTimeline(String(id));
      expect(timeline.find((t) => t.type === 'interrupted')?.data).toEqual({ reason: 'shutdown' });
    } finally {
      store.close();
    }
  });
});
