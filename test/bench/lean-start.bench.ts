/**
 * What a real `bvp` process costs on Node (issue 9 targets): `bvp --help` ≤ 150 ms, process start → "Ready." ≤ 500
 * ms, idle `bvp serve` RSS ≤ 80 MB, and peak RSS ≤ 200 MB while a burst of 10,000 files is judged. Every figure is
 * of a separate `bvp` process (never of the bench process, which carries the TypeScript loader), run the way an
 * operator runs it: `node bin/bvp.js` on the build in dist/. The same figures for the sources through tsx, how it ran
 * before, are reported beside them (no target) so the difference stays visible.
 *
 * RSS is read from /proc/<pid>/status (VmRSS now, VmHWM the peak); elsewhere (macOS) `ps -o rss=` is sampled, which
 * can miss a short peak.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import { stringify } from 'yaml';
import { type BenchResult, resultOf, round, runIfMain } from './bench-result.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const HELP_RUNS = 10;
const SERVE_RUNS = 3;
const IDLE_MS = 5000;
const FILES = 10_000;

type Mode = 'dist' | 'tsx';
const command = (mode: Mode): string[] =>
  mode === 'dist' ? [path.join(REPO, 'bin/bvp.js')] : ['--import', 'tsx', path.join(REPO, 'src/cli/main.ts')];

/** Resident set now and at its peak, in MB, of a process that is still running. */
async function rssOf(pid: number): Promise<{ now: number; peak: number | null }> {
  if (existsSync(`/proc/${pid}/status`)) {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  }
  const ps = await execa('ps', ['-o', 'rss=', '-p', String(pid)]);
  return { now: Number(ps.stdout.trim()) / 1024, peak: null };
}

async function timeHelp(mode: Mode): Promise<number> {
  const started = performance.now();
  await execa('node', [...command(mode), '--help'], { cwd: REPO });
  return performance.now() - started;
}

interface Served {
  proc: ResultPromise;
  readyMs: number;
  api: string;
}

async function startServe(mode: Mode, configFile: string): Promise<Served> {
  const started = performance.now();
  const proc = execa('node', [...command(mode), 'serve', '--config', configFile, '--port', '0'], {
    // The repository as cwd, so `--import tsx` resolves; the config's own paths are relative to its file.
    cwd: REPO,
    reject: false,
  });
  let stdout = '';
  const ready = new Promise<number>((resolve, reject) => {
    proc.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('Ready.')) resolve(performance.now() - started);
    });
    proc.then((r) => reject(new Error(`bvp serve exited before Ready: ${r.stderr}`)));
  });
  const readyMs = await ready;
  const api = /api\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1] ?? '';
  return { proc, readyMs, api };
}

async function layout(): Promise<{ dir: string; configFile: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bvp-bench-lean-'));
  const configFile = path.join(dir, 'bvp.yaml');
  await writeFile(
    configFile,
    stringify({
      watch: [{ path: './watch', stable_seconds: 1, profile: 'live-qlab' }],
      output: './output',
      data: './data',
      logging: { level: 'error' },
    }),
  );
  return { dir, configFile };
}

async function serveFigures(mode: Mode): Promise<{ ready: number[]; idle: number[] }> {
  const ready: number[] = [];
  const idle: number[] = [];
  for (let i = 0; i < SERVE_RUNS; i++) {
    const { dir, configFile } = await layout();
    const served = await startServe(mode, configFile);
    ready.push(served.readyMs);
    await new Promise((r) => setTimeout(r, IDLE_MS));
    idle.push((await rssOf(served.proc.pid!)).now);
    served.proc.kill('SIGTERM');
    await served.proc;
    await rm(dir, { recursive: true, force: true });
  }
  return { ready, idle };
}

/** 10,000 empty files moved in at once (see watch-burst.bench.ts); done when /status has a verdict for each. */
async function burstPeak(mode: Mode): Promise<{ peakMb: number; seconds: number; idleMb: number }> {
  const { dir, configFile } = await layout();
  const staging = path.join(dir, 'staging');
  await mkdir(staging);
  for (let i = 0; i < FILES; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, FILES - i) }, (_, k) =>
        writeFile(path.join(staging, `cue-${String(i + k).padStart(5, '0')}.mov`), ''),
      ),
    );
  }
  const served = await startServe(mode, configFile);
  const pid = served.proc.pid!;
  const idleMb = (await rssOf(pid)).now;
  let sampled = idleMb;
  const started = performance.now();
  await execa('find', [staging, '-name', '*.mov', '-exec', 'mv', '-t', path.join(dir, 'watch'), '{}', '+']);
  for (;;) {
    sampled = Math.max(sampled, (await rssOf(pid)).now);
    // A busy server may drop a connection now and then; the next look asks again.
    const status = (await fetch(`${served.api}/api/v1/status`)
      .then((r) => r.json())
      .catch(() => ({ counts: { pending: 0 }, watch: [] }))) as {
      counts: { pending: number };
      watch: Array<{ ignored: number; rejected: number }>;
    };
    const verdicts = status.watch.reduce((n, w) => n + w.ignored + w.rejected, 0) + status.counts.pending;
    if (verdicts >= FILES || performance.now() - started > 180_000) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (performance.now() - started) / 1000;
  const peak = (await rssOf(pid)).peak ?? sampled;
  served.proc.kill('SIGTERM');
  await served.proc;
  await rm(dir, { recursive: true, force: true });
  return { peakMb: peak, seconds, idleMb };
}

export async function run(): Promise<BenchResult[]> {
  // Make sure dist/ is current before timing it (a stale build would be rebuilt inside the first sample).
  await execa('node', [path.join(REPO, 'bin/bvp.js'), '--version'], { cwd: REPO });
  const results: BenchResult[] = [];
  const machine = `load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`;
  for (const mode of ['dist', 'tsx'] as const) {
    const help: number[] = [];
    for (let i = 0; i < HELP_RUNS; i++) help.push(await timeHelp(mode));
    const serve = await serveFigures(mode);
    const burst = await burstPeak(mode);
    const how = mode === 'dist' ? 'node bin/bvp.js (the build in dist/)' : 'the sources through tsx (before)';
    const target = <T>(value: T) => (mode === 'dist' ? value : null);
    const tag = mode === 'dist' ? '' : ' — tsx';
    results.push(
      resultOf(
        {
          id: `start.help${mode === 'dist' ? '' : '-tsx'}`,
          issue: 9,
          name: `bvp --help, process start to exit${tag}`,
          unit: 'ms',
          target: target({ stat: 'median', op: '<=', value: 150 }),
          note: `${how}; ${HELP_RUNS} runs, ${machine}`,
        },
        help,
      ),
      resultOf(
        {
          id: `start.ready${mode === 'dist' ? '' : '-tsx'}`,
          issue: 9,
          name: `bvp serve, process start to "Ready."${tag}`,
          unit: 'ms',
          target: target({ stat: 'median', op: '<=', value: 500 }),
          note: `${how}; ${SERVE_RUNS} runs, a fresh data folder each, ${machine}`,
        },
        serve.ready,
      ),
      resultOf(
        {
          id: `start.idle-rss${mode === 'dist' ? '' : '-tsx'}`,
          issue: 9,
          name: `bvp serve idle RSS, ${IDLE_MS / 1000} s after Ready${tag}`,
          unit: 'MB',
          target: target({ stat: 'median', op: '<=', value: 80 }),
          note: `${how}; one empty watch folder`,
        },
        serve.idle,
      ),
      resultOf(
        {
          id: `start.burst-10k-rss${mode === 'dist' ? '' : '-tsx'}`,
          issue: 9,
          name: `bvp serve peak RSS, burst of ${FILES.toLocaleString('en')} files${tag}`,
          unit: 'MB',
          target: target({ stat: 'median', op: '<=', value: 200 }),
          note:
            `${how}; ${FILES} empty .mov files moved in at once, all judged in ${round(burst.seconds)} s; ` +
            `${round(burst.idleMb)} MB at Ready; peak = VmHWM of the bvp process`,
        },
        [burst.peakMb],
      ),
    );
  }
  return results;
}

await runIfMain(import.meta.url, run);
