import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, linkSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceAction } from '../../machines/types.ts';
import { overwriteBackupsFor, sidecarTempFor } from '../../src/media/sidecar.ts';
import { tempPathFor } from '../../src/media/temp-name.ts';
import { createProfileRegistry } from '../../src/profiles/registry.ts';
import { createService } from '../../src/service/service.ts';
import { specFromRequest } from '../../src/service/submit.ts';
import { openStore } from '../../src/store/index.ts';
import { BVP_BIN, REPO_ROOT } from '../helpers/bvp.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { findPids, until } from '../helpers/proc.ts';

let dir: TempDir;
let clip: string;
let clipStat: { size: number; mtimeMs: number };
const CLIP_SECONDS = 12;

beforeAll(async () => {
  dir = await makeTempDir('bvp-crash-');
  // Small frames, long enough that the encode lasts a few seconds: room to land a kill in each phase.
  clip = await makeClip(dir.join('clip.mov'), { seconds: CLIP_SECONDS, width: 320, height: 180 });
  clipStat = statSync(clip);
});
afterAll(() => dir.cleanup());

interface RunOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: string[];
  /** The line that triggered the kill, if one did. */
  killedAt: string | null;
}

/** `bvp run` as a child process; SIGKILLed the moment a line matches `killWhen` (from within the line handler). */
function runBvp(scenario: string, killWhen?: (line: string) => boolean): Promise<RunOutcome> {
  const args = ['run', '--data', dir.join(scenario, 'data'), '--output-dir', dir.join(scenario, 'out')];
  const child: ChildProcess = spawn('node', [BVP_BIN, ...args, '--profile', 'live-qlab', clip], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let killedAt: string | null = null;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    if (killedAt === null && killWhen?.(line)) {
      killedAt = line;
      child.kill('SIGKILL');
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, lines, killedAt }));
  });
}

const progressAtLeast = (percent: number) => (line: string) =>
  line.startsWith('progress ') && Number(line.split(' ')[2]) >= percent;

async function streamsOf(file: string): Promise<Array<Record<string, string>>> {
  const { stdout } = await execa('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', `file:${file}`]);
  return JSON.parse(stdout).streams;
}

/** Kills at each point in turn, then reruns until a run exits 0; returns every run for the assertions. */
async function crashAndRecover(scenario: string, killPoints: Array<(line: string) => boolean>) {
  await mkdir(dir.join(scenario), { recursive: true });
  const runs: RunOutcome[] = [];
  for (const killWhen of killPoints) runs.push(await runBvp(scenario, killWhen));
  for (let i = 0; i < 4 && runs.at(-1)?.code !== 0; i++) runs.push(await runBvp(scenario));
  expect(runs.at(-1)?.code, runs.map((r) => r.lines.join('\n')).join('\n---\n')).toBe(0);

  const out = dir.join(scenario, 'out');
  // Exactly one file: no `clip-1.mov` from a second encode, no hidden temp file left behind.
  expect(await readdir(out)).toEqual(['clip.mov']);
  const streams = await streamsOf(path.join(out, 'clip.mov'));
  expect(streams.map((s) => s.codec_type)).toEqual(['video', 'audio']);
  expect(streams[0].codec_tag_string).toBe('apco');
  expect(streams[1].codec_name).toBe('pcm_s24le');
  expect(Math.abs(Number(streams[0].duration) - CLIP_SECONDS)).toBeLessThan(0.5);
  const now = await stat(clip);
  expect([now.size, now.mtimeMs]).toEqual([clipStat.size, clipStat.mtimeMs]);
  // No ffmpeg orphaned by the kill is still writing into the folder.
  await until(() => findPids(out).length === 0, 'no process writing into the output folder');

  const store = openStore(dir.join(scenario, 'data', 'bvp.db'));
  try {
    const jobs = store.listHistory({}).items;
    expect(jobs.map((j) => j.status)).toEqual(['completed']);
    return { runs, job: jobs[0], timeline: store.getTimeline(jobs[0].id) };
  } finally {
    store.close();
  }
}

const KILL_POINTS: Array<[string, (line: string) => boolean]> = [
  ['right after started', (l) => l.startsWith('started ')],
  ['at the first encoding phase', (l) => l.startsWith('phase ') && l.endsWith(' encoding')],
  ['at progress >= 30 %', progressAtLeast(30)],
  ['at progress >= 80 %', progressAtLeast(80)],
  ['at verifying', (l) => l.startsWith('phase ') && l.endsWith(' verifying')],
];

describe.concurrent('crash recovery: SIGKILL of `bvp run`, then the same command again on the same store', () => {
  for (const [name, killWhen] of KILL_POINTS) {
    it(`killed ${name}: one verified output, no temp, source intact, interrupted in the timeline`, async () => {
      const { runs, job, timeline } = await crashAndRecover(name.replace(/\W+/g, '-'), [killWhen]);
      expect(runs[0].signal, runs[0].lines.join('\n')).toBe('SIGKILL');
      expect(runs[0].killedAt).not.toBeNull();
      expect(timeline.map((t) => t.type)).toContain('interrupted');
      expect(job.attempts).toBe(2);
    }, 150_000);
  }

  it('killed at finalizing: completed exactly once, whichever side of the rename the kill landed', async () => {
    const { runs, job, timeline } = await crashAndRecover('finalizing', [
      (l) => l.startsWith('phase ') && l.endsWith(' finalizing'),
    ]);
    expect(runs[0].killedAt).not.toBeNull();
    const types = timeline.map((t) => t.type);
    expect(types.filter((t) => t === 'completed')).toHaveLength(1);
    const completed = timeline.find((t) => t.type === 'completed')?.data as { recovered?: boolean };
    // Before the rename: requeued and encoded again. After it: completed (by the recovery at the next boot, or by
    // the killed run itself when the kill came after its commit) and never encoded a second time.
    const landed = types.includes('interrupted')
      ? 'before the rename'
      : completed.recovered
        ? 'recovered'
        : 'after';
    console.info(`finalizing kill landed: ${landed}`);
    expect(types.filter((t) => t === 'started')).toHaveLength(landed === 'before the rename' ? 2 : 1);
    expect(job.result?.outputPath).toBe(dir.join('finalizing', 'out', 'clip.mov'));
  }, 150_000);

  it('killed twice in a row on one job: attempts rise with each interruption, then it completes', async () => {
    const { runs, job, timeline } = await crashAndRecover('twice', [
      progressAtLeast(30),
      progressAtLeast(30),
    ]);
    expect(runs.slice(0, 2).map((r) => r.signal)).toEqual(['SIGKILL', 'SIGKILL']);
    expect(runs[1].lines.some((l) => l.startsWith('restored '))).toBe(true);
    const interrupted = timeline.filter((t) => t.type === 'interrupted').map((t) => t.data);
    expect(interrupted).toMatchObject([{ attempts: 2 }, { attempts: 3 }]);
    expect(job.attempts).toBe(3);
  }, 150_000);
});

describe('recovering a job that died past its rename (the state simulated directly)', () => {
  it('the temp file inode is committed with `verified` before the rename starts', async () => {
    const root = dir.join('sim-persister');
    const service = createService({
      storePath: path.join(root, 'bvp.db'),
      ffmpeg: 'ffmpeg',
      ffprobe: 'ffprobe',
      outputDir: path.join(root, 'out'),
      synchronous: 'normal',
    });
    try {
      const seen: Array<{ tempExists: boolean; outputExists: boolean; matches: boolean }> = [];
      const done = new Promise<void>((resolve) =>
        service.subscribe((e) => {
          if (e.type === 'job.completed') resolve();
          if (e.type !== 'job.phase' || e.data.phase !== 'finalizing') return;
          // Synchronously, as the phase is announced: the store must already hold the proof, the rename not begun.
          const temp = String(e.data.tempPath);
          const verified = service.store.getTimeline(String(e.data.id)).at(-1);
          const info = statSync(temp, { bigint: true });
          seen.push({
            tempExists: existsSync(temp),
            outputExists: existsSync(path.join(root, 'out', 'clip.mov')),
            matches:
              verified?.type === 'verified' &&
              (verified.data as { ino: string }).ino === String(info.ino) &&
              (verified.data as { dev: string }).dev === String(info.dev),
          });
        }),
      );
      await service.submit({ source: clip, profile: 'live-qlab' });
      await done;
      expect(seen).toEqual([{ tempExists: true, outputExists: false, matches: true }]);
    } finally {
      await service.stop({ graceSeconds: 0 });
    }
  }, 60_000);

  /** A store whose job is `running`, verified with the temp file's inode, the temp linked to `placeAt`. */
  async function diedAfterLink(
    scenario: string,
    options: {
      placeAt?: string;
      sourceAction?: SourceAction;
      sidecar?: boolean;
      overwroteOld?: boolean;
    } = {},
  ) {
    const root = dir.join(`sim-${scenario}`);
    await mkdir(path.join(root, 'out'), { recursive: true });
    const source = await makeClip(path.join(root, 'source.mov'), { seconds: 1 });
    const store = openStore(path.join(root, 'bvp.db'), { synchronous: 'normal' });
    const spec = await specFromRequest(
      {
        source,
        profile: 'live-qlab',
        sourceAction: options.sourceAction,
        ...(options.overwroteOld ? { collision: 'overwrite' as const } : {}),
      },
      createProfileRegistry(),
      { outputDir: path.join(root, 'out'), now: Date.now, newId: () => `job-${scenario}` },
    );
    store.insertJob({
      ...spec,
      status: 'pending',
      attempts: 1,
      progress: null,
      error: null,
      result: null,
      startedAt: null,
      finishedAt: null,
      updatedAt: spec.createdAt,
    });
    store.recordTransition(spec.id, { status: 'running', startedAt: Date.now() }, { type: 'started' });
    const temp = tempPathFor(spec.outputPath, `${spec.id}-1-abcdef`);
    writeFileSync(temp, 'a verified encode');
    // A sidecar WAV verified with the video (profile audio.sidecar_wav); its temp name derives from the video's.
    if (options.sidecar) writeFileSync(sidecarTempFor(temp), 'a verified sidecar');
    store.recordTransition(
      spec.id,
      { tempPath: temp, ffmpegArgs: ['-i', source] },
      { type: 'progress', data: { phase: 'encoding', percent: 0 } },
    );
    const info = statSync(temp, { bigint: true });
    store.recordTransition(
      spec.id,
      {},
      { type: 'verified', data: { tempPath: temp, dev: String(info.dev), ino: String(info.ino) } },
    );
    // An overwrite had set the old video and WAV aside under hidden names (src/media/sidecar-overwrite.ts).
    if (options.overwroteOld) {
      const backups = overwriteBackupsFor(temp);
      writeFileSync(backups.video, 'the old video');
      writeFileSync(backups.sidecar, 'the old audio');
    }
    // The crash: the link gave the output its final name; the temp name's unlink and `completed` never happened.
    const output = options.placeAt ?? spec.outputPath;
    linkSync(temp, output);
    store.close();
    return { root, id: spec.id, source, temp, output };
  }

  function boot(root: string) {
    return createService({
      storePath: path.join(root, 'bvp.db'),
      ffmpeg: 'ffmpeg',
      ffprobe: 'ffprobe',
      outputDir: path.join(root, 'out'),
      synchronous: 'normal',
    });
  }

  it('completes the job from the found output instead of requeueing it, and removes the temp link', async () => {
    const sim = await diedAfterLink('plain');
    const service = boot(sim.root);
    try {
      expect(service.queue().jobs).toEqual([]);
      const job = service.getJob(sim.id);
      expect(job.status).toBe('completed');
      expect(job.attempts).toBe(1);
      expect(job.result).toMatchObject({ outputPath: sim.output, outputBytes: statSync(sim.output).size });
      const types = job.timeline.map((t) => t.type);
      expect(types).not.toContain('interrupted');
      expect(job.timeline.at(-1)).toMatchObject({ type: 'completed', data: { recovered: true } });
      expect(existsSync(sim.temp)).toBe(false);
      expect(await readdir(path.join(sim.root, 'out'))).toEqual(['source.mov']);
      expect(service.hasSeen({ path: sim.source, ...statSync(sim.source) })).toBe(true);
    } finally {
      await service.stop({ graceSeconds: 0 });
    }
  });

  it('finds the output under a suffixed name, and leaves the file that held the wanted name alone', async () => {
    const root = dir.join('sim-suffixed');
    await mkdir(path.join(root, 'out'), { recursive: true });
    writeFileSync(path.join(root, 'out', 'source.mov'), 'someone else’s file');
    const sim = await diedAfterLink('suffixed', { placeAt: path.join(root, 'out', 'source-1.mov') });
    const service = boot(sim.root);
    try {
      expect(service.getJob(sim.id)).toMatchObject({ status: 'completed', outputPath: sim.output });
      expect((await readdir(path.join(root, 'out'))).sort()).toEqual(['source-1.mov', 'source.mov']);
    } finally {
      await service.stop({ graceSeconds: 0 });
    }
  });

  it('applies the source action the crash skipped, once the job is completed', async () => {
    const sim = await diedAfterLink('delete', { sourceAction: { kind: 'delete' } });
    const service = boot(sim.root);
    await service.stop({ graceSeconds: 0 });
    expect(existsSync(sim.source)).toBe(false);
    expect(existsSync(sim.output)).toBe(true);
  });

  it('requeues (interrupted) a job whose inode is at no output name: the crash came before the rename', async () => {
    const sim = await diedAfterLink('before-rename', {
      placeAt: dir.join('sim-before-rename', 'elsewhere.mov'),
    });
    const service = boot(sim.root);
    try {
      const job = service.getJob(sim.id);
      expect(job.status).not.toBe('completed');
      expect(job.timeline.map((t) => t.type)).toContain('interrupted');
      expect(existsSync(sim.temp)).toBe(false);
    } finally {
      await service.stop({ graceSeconds: 0 });
    }
  });

  it('with a sidecar WAV, killed between the video link and the WAV link: boot completes the pair', async () => {
    const sim = await diedAfterLink('sidecar-between', { sidecar: true });
    const service = boot(sim.root);
    try {
      const job = service.getJob(sim.id);
      expect(job.status).toBe('completed');
      const wav = path.join(sim.root, 'out', 'source.wav');
      expect(job.result).toMatchObject({ outputPath: sim.output, sidecarPath: wav });
      expect((await readdir(path.join(sim.root, 'out'))).sort()).toEqual(['source.mov', 'source.wav']);
      expect(existsSync(sidecarTempFor(sim.temp))).toBe(false);
    } finally {
      await service.stop({ graceSeconds: 0 });
    }
  });

  it('with a sidecar WAV, killed before the rename: boot removes both temp files and neither final name exists', async () => {
    const sim = await diedAfterLink('sidecar-before', {
      sidecar: true,
      placeAt: dir.join('sim-sidecar-before', 'elsewhere.mov'),
    });
    const service = boot(sim.root);
    try {
      expect(service.getJob(sim.id).timeline.map((t) => t.type)).toContain('interrupted');
      expect(existsSync(sim.temp)).toBe(false);
      expect(existsSync(sidecarTempFor(sim.temp))).toBe(false);
      expect(existsSync(path.join(sim.root, 'out', 'source.wav'))).toBe(false);
    } finally {
      await service.stop({ graceSeconds: 0 });
    }
  });

  it('overwriting an old pair, killed before the new video’s rename: boot puts the old video and WAV back', async () => {
    const sim = await diedAfterLink('overwrite-before', {
      sidecar: true,
      overwroteOld: true,
      placeAt: dir.join('sim-overwrite-before', 'elsewhere.mov'),
    });
    const service = boot(sim.root);
    try {
      expect(service.getJob(sim.id).timeline.map((t) => t.type)).toContain('interrupted');
      const out = path.join(sim.root, 'out');
      expect(readFileSync(path.join(out, 'source.mov'), 'utf8')).toBe('the old video');
      expect(readFileSync(path.join(out, 'source.wav'), 'utf8')).toBe('the old audio');
      expect((await readdir(out)).sort()).toEqual(['source.mov', 'source.wav']);
    } finally {
      await service.stop({ graceSeconds: 0 });
    }
  });

  it('overwriting an old pair, killed between the new video’s rename and the WAV’s: boot completes the new pair, drops the old', async () => {
    const sim = await diedAfterLink('overwrite-between', { sidecar: true, overwroteOld: true });
    const service = boot(sim.root);
    try {
      expect(service.getJob(sim.id).status).toBe('completed');
      const out = path.join(sim.root, 'out');
      expect(readFileSync(path.join(out, 'source.mov'), 'utf8')).toBe('a verified encode');
      expect(readFileSync(path.join(out, 'source.wav'), 'utf8')).toBe('a verified sidecar');
      expect((await readdir(out)).sort()).toEqual(['source.mov', 'source.wav']);
    } finally {
      await service.stop({ graceSeconds: 0 });
    }
  });
});
