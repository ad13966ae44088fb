import { describe, expect, it } from 'vitest';
import { createActor, fromCallback } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import {
  canAccept,
  createJobMachine,
  type JobEvent,
  type JobInput,
  type JobReport,
  jobMachine,
  jobRecordOf,
  jobStatusOf,
} from '../../machines/job.ts';
import { JOB_STATUSES, type TranscodeCommand, type TranscodeInput } from '../../machines/types.ts';
import { JOB_STATUS_STATES } from '../../src/inspect/definitions.ts';
import { fakeTranscode, makeSpec, progress, result } from './fixtures.ts';

const ALL_EVENTS: JobEvent[] = [
  { type: 'START' },
  { type: 'PAUSE' },
  { type: 'RESUME' },
  { type: 'CANCEL' },
  { type: 'SET_PRIORITY', priority: 5 },
  { type: 'transcode.phase', phase: 'encoding', tempPath: '/out/.a.tmp.mov' },
  { type: 'transcode.progress', progress: progress(50) },
  { type: 'transcode.done', result: result('a') },
  { type: 'transcode.failed', error: { code: 'ffmpeg.failed', message: 'boom', stderrTail: ['x'] } },
];

function clock(start = 1000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function startJob(input: Partial<JobInput> = {}) {
  const fake = fakeTranscode();
  const time = clock();
  const actor = createActor(createJobMachine(time.now).provide({ actors: { transcode: fake.logic } }), {
    input: { spec: makeSpec('a'), ...input },
  });
  const errors: unknown[] = [];
  actor.subscribe({ error: (e) => errors.push(e) });
  const reports: JobReport[] = [];
  actor.on('*', (r) => reports.push(r));
  actor.start();
  return { actor, fake, time, errors, reports, status: () => jobStatusOf(actor.getSnapshot()) };
}

describe('job machine paths', () => {
  const paths = (status?: 'paused') =>
    getShortestPaths(
      createJobMachine(() => 0),
      {
        input: { spec: makeSpec('a'), status },
        events: ALL_EVENTS,
        serializeState: (s) => JSON.stringify(s.value),
      },
    );

  it('reaches every one of the six statuses', () => {
    const reached = new Set(paths().map((p) => jobStatusOf(p.state)));
    expect([...reached].sort()).toEqual([...JOB_STATUSES].sort());
  });

  it('reaches held, running and paused-while-running as distinct states', () => {
    const values = paths().map((p) => JSON.stringify(p.state.value));
    expect(values).toEqual(
      expect.arrayContaining(['"pending"', '"held"', '{"active":"running"}', '{"active":"paused"}']),
    );
  });

  it('is done once completed, failed or cancelled, and accepts nothing more', () => {
    const finals = paths().filter((p) => ['completed', 'failed', 'cancelled'].includes(jobStatusOf(p.state)));
    expect(finals).toHaveLength(3);
    for (const { state } of finals) {
      expect(state.status).toBe('done');
      expect(state.output).toEqual({ id: 'a' });
      expect(ALL_EVENTS.filter((e) => canAccept(state, e))).toEqual([]);
    }
  });

  it('flattens every state onto exactly one status, the one its record shows', () => {
    for (const { state } of [...paths(), ...paths('paused')]) {
      expect(state.tags.size, JSON.stringify(state.value)).toBe(1);
      expect(jobRecordOf(state).status).toBe(jobStatusOf(state));
      expect(state.context).not.toHaveProperty('status');
    }
  });

  it('tags each state with the status the inspector colours it by', () => {
    for (const [status, ids] of Object.entries(JOB_STATUS_STATES))
      for (const id of ids) expect([...jobMachine.getStateNodeById(id).tags], id).toEqual([status]);
  });

  it('never dispatches a job restored as paused until it is resumed', () => {
    const held = paths('paused').find((p) => p.state.matches('held'))!;
    expect(held.steps).toHaveLength(1); // the initial state
    expect(canAccept(held.state, { type: 'START' })).toBe(false);
    expect(canAccept(held.state, { type: 'RESUME' })).toBe(true);
  });
});

describe('job actor', () => {
  it('runs, reports progress and phase, and completes with the result and timestamps', () => {
    const { actor, fake, time, reports, status } = startJob();
    actor.send({ type: 'START' });
    expect(status()).toBe('running');
    expect(actor.getSnapshot().context.startedAt).toBe(1000);
    const run = fake.runOf('a');
    expect(run.input).toEqual({ spec: makeSpec('a'), attempt: 1 } satisfies TranscodeInput);
    run.report({
      type: 'transcode.phase',
      phase: 'encoding',
      tempPath: '/out/.a.tmp.mov',
      ffmpegArgs: ['-y'],
    });
    run.report({ type: 'transcode.progress', progress: progress(40) });
    const mid = actor.getSnapshot().context;
    expect(mid).toMatchObject({ phase: 'encoding', tempPath: '/out/.a.tmp.mov', ffmpegArgs: ['-y'] });
    expect(mid.progress?.percent).toBe(40);
    time.advance(5000);
    fake.finish('a');
    expect(status()).toBe('completed');
    expect(actor.getSnapshot().context).toMatchObject({ result: result('a'), finishedAt: 6000, error: null });
    expect(run.cleanedUp).toBe(true);
    expect(reports.map((r) => (r.type === 'job.status' ? r.status : `${r.type}:${r.status}`))).toEqual([
      'running',
      'job.phase:running',
      'job.progress:running',
      'completed',
    ]);
  });

  it('suspends and continues the transcode actor on PAUSE and RESUME without stopping it', () => {
    const { actor, fake, status } = startJob();
    actor.send({ type: 'START' });
    actor.send({ type: 'PAUSE' });
    expect(status()).toBe('paused');
    actor.send({ type: 'RESUME' });
    actor.send({ type: 'PAUSE' });
    actor.send({ type: 'RESUME' });
    expect(status()).toBe('running');
    expect(fake.runs).toHaveLength(1);
    expect(fake.runs[0].commands).toEqual(['SUSPEND', 'CONTINUE', 'SUSPEND', 'CONTINUE']);
    expect(fake.runs[0].cleanedUp).toBe(false);
  });

  it('stops the transcode actor on CANCEL, also while paused', () => {
    for (const pauseFirst of [false, true]) {
      const { actor, fake, status } = startJob();
      actor.send({ type: 'START' });
      if (pauseFirst) actor.send({ type: 'PAUSE' });
      actor.send({ type: 'CANCEL' });
      expect(status()).toBe('cancelled');
      expect(fake.runs[0].cleanedUp).toBe(true);
    }
  });

  it('reports refused events through canAccept, and a refused event leaves the state and context as they were', () => {
    const { actor, fake, errors, reports, status } = startJob();
    actor.send({ type: 'START' });
    fake.finish('a');
    const before = actor.getSnapshot();
    const reported = reports.length;
    for (const event of ALL_EVENTS) {
      expect(canAccept(actor.getSnapshot(), event)).toBe(false);
      actor.send(event);
      const after = actor.getSnapshot();
      expect({ event: event.type, status: after.status, value: after.value }).toEqual({
        event: event.type,
        status: before.status,
        value: before.value,
      });
      expect(after.context).toEqual(before.context);
    }
    expect(status()).toBe('completed');
    expect(reports).toHaveLength(reported);
    expect(fake.runs).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('ends when it fails: the failure is kept, and the actor is done with the job id as output', () => {
    const { actor, fake, reports, status } = startJob({ attempts: 2 });
    actor.send({ type: 'START' });
    fake.runOf('a').report({
      type: 'transcode.failed',
      error: { code: 'ffmpeg.failed', message: 'x', stderrTail: ['e'] },
    });
    expect(status()).toBe('failed');
    expect(actor.getSnapshot().context).toMatchObject({
      attempts: 2,
      error: { code: 'ffmpeg.failed', message: 'x', stderrTail: ['e'] },
    });
    expect(actor.getSnapshot().status).toBe('done');
    expect(actor.getSnapshot().output).toEqual({ id: 'a' });
    expect(reports.filter((r) => r.type === 'job.status').map((r) => r.status)).toEqual([
      'running',
      'failed',
    ]);
  });

  it('fails with code internal when the transcode actor throws', () => {
    const throwing = fromCallback<TranscodeCommand, TranscodeInput>(() => {
      throw new Error('spawn EACCES');
    });
    const actor = createActor(jobMachine.provide({ actors: { transcode: throwing } }), {
      input: { spec: makeSpec('a') },
    });
    const errors: unknown[] = [];
    actor.subscribe({ error: (e) => errors.push(e) });
    actor.start();
    actor.send({ type: 'START' });
    expect(jobStatusOf(actor.getSnapshot())).toBe('failed');
    expect(actor.getSnapshot().context.error).toEqual({
      code: 'internal',
      message: 'spawn EACCES',
      stderrTail: [],
    });
    expect(errors).toEqual([]);
  });

  it('keeps the code of a BvpError thrown by the transcode actor', () => {
    const throwing = fromCallback<TranscodeCommand, TranscodeInput>(() => {
      throw Object.assign(new Error('ffmpeg not found'), {
        name: 'BvpError',
        code: 'ffmpeg.missing',
        stderrTail: [],
      });
    });
    const actor = createActor(jobMachine.provide({ actors: { transcode: throwing } }), {
      input: { spec: makeSpec('a') },
    }).start();
    actor.send({ type: 'START' });
    expect(actor.getSnapshot().context.error?.code).toBe('ffmpeg.missing');
  });

  it('holds a pending job on PAUSE and a restored paused job until RESUME, reporting only changes', () => {
    const restored = startJob({ status: 'paused', attempts: 3 });
    expect(restored.status()).toBe('paused');
    expect(restored.reports).toEqual([]);
    restored.actor.send({ type: 'START' });
    expect(restored.fake.runs).toHaveLength(0);
    restored.actor.send({ type: 'RESUME' });
    restored.actor.send({ type: 'START' });
    expect(restored.fake.runOf('a').input.attempt).toBe(3);

    const fresh = startJob();
    fresh.actor.send({ type: 'PAUSE' });
    expect(fresh.actor.getSnapshot().matches('held')).toBe(true);
    expect(fresh.reports).toMatchObject([{ type: 'job.status', status: 'paused', inSlot: false }]);
  });

  it('changes priority while waiting or running, not once finished', () => {
    const { actor, fake } = startJob();
    actor.send({ type: 'SET_PRIORITY', priority: 7 });
    actor.send({ type: 'START' });
    actor.send({ type: 'SET_PRIORITY', priority: 9 });
    expect(jobRecordOf(actor.getSnapshot()).priority).toBe(9);
    fake.finish('a');
    expect(canAccept(actor.getSnapshot(), { type: 'SET_PRIORITY', priority: 1 })).toBe(false);
  });
});
