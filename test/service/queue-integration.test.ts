import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { jobIdOf } from '../../src/service/events.ts';
import type { Service } from '../../src/service/service.ts';
import { openStore } from '../../src/store/index.ts';
import { REPO_ROOT } from '../helpers/bvp.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { dataOf } from '../helpers/events.ts';
import { isAlive, processState, until, waitForPids } from '../helpers/proc.ts';
import { serviceFactory, waitForEvent } from '../helpers/service.ts';

const FAKE = path.join(REPO_ROOT, 'test/fixtures/fake-ffmpeg');
/** Real ffmpeg paced at real time: an encode lasts as long as the clip, long enough to act on mid-way. */
const REALTIME = path.join(FAKE, 'realtime.sh');

let dir: TempDir;
let slow: string;
const clips: string[] = [];
const services = serviceFactory(() => dir);
const start = services.start;
const waitFor = waitForEvent;

beforeAll(async () => {
  dir = await makeTempDir('bvp-queue-it-');
  slow = await makeClip(dir.join('slow.mov'), { seconds: 4 });
  for (const name of ['a', 'b', 'c']) clips.push(await makeClip(dir.join(`${name}.mov`), { seconds: 2 }));
  return () => dir.cleanup();
});
afterEach(() => services.stopAll());

const encodingOf = (service: Service, id?: string) =>
  waitFor(
    service,
    (e) => e.type === 'job.phase' && e.data.phase === 'encoding' && (id === undefined || e.data.id === id),
  ).then((e) => String(dataOf(e, 'job.phase').tempPath));
const finished = (service: Service, id: string, type = 'job.completed') =>
  waitFor(service, (e) => e.type === type && jobIdOf(e) === id);

const tempsIn = async (folder: string) => (await readdir(folder)).filter((n) => n.includes('bvp-tmp'));

async function streamsOf(file: string): Promise<Array<{ codec_name: string; codec_tag_string: string }>> {
  const { stdout } = await execa('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', `file:${file}`]);
  return JSON.parse(stdout).streams;
}

describe('queue with real ffmpeg', () => {
  it('pausing a running encode suspends ffmpeg (state T); resuming continues it to a verified output', async () => {
    const service = start('pause', { ffmpeg: REALTIME });
    const job = await service.submit({ source: slow, profile: 'live-qlab' });
    const temp = await encodingOf(service, job.id);
    const [pid] = await waitForPids(temp);
    await waitFor(service, (e) => e.type === 'job.progress' && e.data.id === job.id);

    service.pauseJob(job.id);
    await until(() => processState(pid) === 'T', 'ffmpeg to be stopped');
    expect(service.getJob(job.id).status).toBe('paused');
    let progressWhilePaused = 0;
    const off = service.subscribe((e) => {
      if (e.type === 'job.progress') progressWhilePaused++;
    });
    await new Promise((r) => setTimeout(r, 800));
    off();
    expect(processState(pid)).toBe('T');
    expect(progressWhilePaused).toBe(0);

    const done = finished(service, job.id);
    service.resumeJob(job.id);
    await until(() => processState(pid) !== 'T', 'ffmpeg to continue');
    expect(isAlive(pid)).toBe(true);
    await done;

    const detail = service.getJob(job.id);
    expect(detail.status).toBe('completed');
    expect(detail.timeline.map((t) => t.type)).toEqual(
      expect.arrayContaining(['paused', 'resumed', 'verified', 'completed']),
    );
    const streams = await streamsOf(detail.outputPath);
    expect(streams.map((s) => s.codec_tag_string || s.codec_name)).toEqual(['apco', expect.any(String)]);
    expect(streams[1].codec_name).toBe('pcm_s24le');
    expect(await tempsIn(dir.join('out-pause'))).toEqual([]);
  });

  it('cancelling mid-encode ends ffmpeg, removes the temp file, and the next job still runs to completion', async () => {
    const service = start('cancel', { ffmpeg: REALTIME });
    const first = await service.submit({ source: slow, profile: 'live-qlab' });
    const second = await service.submit({ source: clips[0], profile: 'live-qlab' });
    const temp = await encodingOf(service, first.id);
    const [pid] = await waitForPids(temp);
    await waitFor(service, (e) => e.type === 'job.progress' && e.data.id === first.id);

    const cancelled = finished(service, first.id, 'job.cancelled');
    const next = finished(service, second.id);
    service.cancelJob(first.id);
    await cancelled;
    // `cancelled` is reported at once; ffmpeg's exit and the temp file's removal follow within moments.
    await until(() => !isAlive(pid), 'the cancelled ffmpeg to exit');
    await until(() => !existsSync(temp), 'the temp file to be removed');

    await next;
    expect(service.getJob(first.id).status).toBe('cancelled');
    expect(service.getJob(second.id).status).toBe('completed');
    expect(await readdir(dir.join('out-cancel'))).toEqual(['a.mov']);
    expect(service.isHealthy()).toBe(true);
  });

  it('a job failing verification keeps its source (even with a delete action) and leaves no output or temp', async () => {
    const service = start('verify', { ffmpeg: path.join(FAKE, 'short-output.sh') });
    const before = await stat(clips[1]);
    const job = await service.submit({
      source: clips[1],
      profile: 'live-qlab',
      sourceAction: { kind: 'delete' },
    });
    await finished(service, job.id, 'job.failed');
    const detail = service.getJob(job.id);
    expect(detail.error?.code).toBe('verify.failed');
    expect(detail.timeline.map((t) => t.type)).not.toContain('verified');
    const after = await stat(clips[1]);
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);
    expect(await readdir(dir.join('out-verify'))).toEqual([]);
  });

  it('a hanging ffmpeg is failed by stall detection with ffmpeg.stalled, retried, and failed after max_attempts', async () => {
    const service = start('stall', {
      ffmpeg: path.join(FAKE, 'hang.sh'),
      stallSeconds: 1,
      maxAttempts: 2,
      retryBackoff: { baseMs: 10 },
    });
    const job = await service.submit({ source: clips[0], profile: 'live-qlab' });
    const retried = finished(service, job.id, 'job.retried');
    const failed = await finished(service, job.id, 'job.failed');
    expect(dataOf(await retried, 'job.retried').job.error?.code).toBe('ffmpeg.stalled');
    expect(dataOf(failed, 'job.failed').job.error?.code).toBe('ffmpeg.stalled');
    expect(service.getJob(job.id)).toMatchObject({ attempts: 2, error: { code: 'ffmpeg.stalled' } });
    expect(await tempsIn(dir.join('out-stall'))).toEqual([]);
  });

  it('CLEAR cancels the pending jobs and leaves the running one running', async () => {
    const service = start('clear', { ffmpeg: REALTIME });
    const running = await service.submit({ source: slow, profile: 'live-qlab' });
    const pending = [
      await service.submit({ source: clips[0], profile: 'live-qlab' }),
      await service.submit({ source: clips[1], profile: 'live-qlab' }),
    ];
    const temp = await encodingOf(service, running.id);
    const [pid] = await waitForPids(temp);

    const done = finished(service, running.id);
    expect(service.clearQueue()).toBe(2);
    for (const job of pending) expect(service.getJob(job.id).status).toBe('cancelled');
    expect(service.getJob(running.id).status).toBe('running');
    expect(service.queue().jobs.map((j) => j.id)).toEqual([running.id]);
    expect(isAlive(pid)).toBe(true);
    expect(processState(pid)).not.toBe('T');

    await done;
    expect(service.getJob(running.id).status).toBe('completed');
    expect(await readdir(dir.join('out-clear'))).toEqual(['slow.mov']);
  });

  it('concurrency 2 runs two ffmpegs at once', async () => {
    const service = start('concurrency', { ffmpeg: REALTIME, concurrency: 2 });
    const jobs = [
      await service.submit({ source: clips[0], profile: 'live-qlab' }),
      await service.submit({ source: clips[1], profile: 'live-qlab' }),
    ];
    const temps = await Promise.all(jobs.map((j) => encodingOf(service, j.id)));
    const pids = await Promise.all(temps.map(async (t) => (await waitForPids(t))[0]));
    expect(new Set(pids).size).toBe(2);
    expect(pids.every(isAlive)).toBe(true);
    expect(service.queue().jobs.map((j) => j.status)).toEqual(['running', 'running']);
    await Promise.all(jobs.map((j) => finished(service, j.id)));
    expect((await readdir(dir.join('out-concurrency'))).sort()).toEqual(['a.mov', 'b.mov']);
  });

  it('starts jobs by priority: submitted 0, 5, 1 while paused, they start 5, 1, 0', async () => {
    const service = start('priority');
    const started: string[] = [];
    service.subscribe((e) => {
      if (e.type === 'job.started') started.push(String(e.data.id));
    });
    service.pauseQueue();
    const jobs = [];
    for (const [i, priority] of [0, 5, 1].entries()) {
      jobs.push(await service.submit({ source: clips[i], profile: 'audio-qlab', priority }));
    }
    expect(started).toEqual([]);
    const last = finished(service, jobs[0].id);
    service.resumeQueue();
    await last;
    expect(started).toEqual([jobs[1].id, jobs[2].id, jobs[0].id]);
  });

  it('with concurrency 1, the next encode starts while the previous output is verified, one encode at a time', async () => {
    const service = start('pipeline');
    const seen: string[] = [];
    service.subscribe((e) => {
      const { id, phase } = e.data as { id?: string; phase?: string };
      if (id && ['job.started', 'job.phase', 'job.completed'].includes(e.type))
        seen.push(`${id} ${phase ?? e.type}`);
    });
    service.pauseQueue();
    const [a, b] = [
      await service.submit({ source: clips[0], profile: 'live-qlab' }),
      await service.submit({ source: clips[1], profile: 'live-qlab' }),
    ];
    const done = Promise.all([a, b].map((j) => finished(service, j.id)));
    service.resumeQueue();
    await done;
    const at = (what: string) => seen.indexOf(what);
    // b starts as a's verification starts, and is encoding before a's output is renamed into place.
    expect(at(`${b.id} job.started`)).toBe(at(`${a.id} verifying`) + 1);
    expect(at(`${b.id} encoding`)).toBeGreaterThan(at(`${a.id} verifying`));
    expect(at(`${a.id} job.completed`)).toBeGreaterThan(at(`${b.id} job.started`));
    expect(service.getJob(a.id).timeline.map((t) => t.type)).toContain('verified');
    expect(service.getJob(b.id).timeline.map((t) => t.type)).toContain('verified');
    expect((await readdir(dir.join('out-pipeline'))).sort()).toEqual(['a.mov', 'b.mov']);
  });

  it('without verification, the next encode starts while the previous job holds its source still before the rename', async () => {
    const service = start('pipeline-unverified');
    const seen: string[] = [];
    const when = new Map<string, number>();
    service.subscribe((e) => {
      const { id, phase } = e.data as { id?: string; phase?: string };
      if (id && ['job.started', 'job.phase', 'job.completed'].includes(e.type)) {
        seen.push(`${id} ${phase ?? e.type}`);
        when.set(`${id} ${phase ?? e.type}`, performance.now());
      }
    });
    service.pauseQueue();
    const [a, b] = [
      await service.submit({ source: clips[0], profile: 'live-qlab', verify: false }),
      await service.submit({ source: clips[1], profile: 'live-qlab', verify: false }),
    ];
    const done = Promise.all([a, b].map((j) => finished(service, j.id)));
    service.resumeQueue();
    await done;
    const at = (what: string) => seen.indexOf(what);
    // The hold-still wait (about a second) counts as finalizing, which gives the encode slot back: b starts then.
    expect(at(`${a.id} verifying`)).toBe(-1);
    expect(at(`${b.id} job.started`)).toBe(at(`${a.id} finalizing`) + 1);
    expect(at(`${a.id} job.completed`)).toBeGreaterThan(at(`${b.id} job.started`));
    // The wait (counted from the end of the encode, just before `finalizing`) lies between them: a lower bound,
    // which a busy machine only lengthens.
    const held = (when.get(`${a.id} job.completed`) ?? 0) - (when.get(`${a.id} finalizing`) ?? 0);
    expect(held).toBeGreaterThanOrEqual(900);
    expect((await readdir(dir.join('out-pipeline-unverified'))).sort()).toEqual(['a.mov', 'b.mov']);
  });

  it('a graceful stop waits for a job being verified (it holds no encode slot) instead of requeueing it', async () => {
    const service = start('stop-verifying');
    // Stopped as verification starts, from the event itself: the verifying ffprobe has not even been spawned.
    const stopped = new Promise<void>((resolve, reject) =>
      service.subscribe((e) => {
        if (e.type === 'job.phase' && e.data.phase === 'verifying')
          service.stop({ graceSeconds: 30 }).then(resolve, reject);
      }),
    );
    const job = await service.submit({ source: clips[2], profile: 'live-qlab' });
    await stopped;
    const store = openStore(dir.join('stop-verifying.db'));
    try {
      expect(store.getJob(job.id)?.status).toBe('completed');
      expect(store.getTimeline(job.id).map((t) => t.type)).not.toContain('interrupted');
    } finally {
      store.close();
    }
    expect(await readdir(dir.join('out-stop-verifying'))).toEqual(['c.mov']);
  });
});
