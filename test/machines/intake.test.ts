import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, SimulatedClock, waitFor } from 'xstate';
import { type IntakeOutput, intakeMachine, type StatResult } from '../../machines/intake.ts';
import type { MediaInfo } from '../../src/media/media-info.ts';

const PATH = '/watch/show.mov';

const playable: MediaInfo = {
  path: PATH,
  formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
  durationSeconds: 10,
  bitRate: 1000,
  sizeBytes: 5000,
  streams: [
    {
      type: 'audio',
      index: 0,
      codec: 'pcm_s24le',
      sampleRate: 48000,
      channels: 2,
      channelLayout: 'stereo',
      durationSeconds: 10,
    },
  ],
};

interface Fakes {
  /** What each stat returns, in turn (the last one repeats); an Error is thrown. */
  stats?: (StatResult | Error)[];
  probe?: () => Promise<MediaInfo>;
}

function startIntake(
  fakes: Fakes = {},
  input: { size?: number; mtimeMs?: number } = { size: 5000, mtimeMs: 1 },
) {
  const clock = new SimulatedClock();
  const stats = fakes.stats ?? [{ size: 5000, mtimeMs: 1 }];
  let statCalls = 0;
  let probeCalls = 0;
  const machine = intakeMachine.provide({
    actors: {
      stat: fromPromise<StatResult, { path: string }>(async () => {
        const next = stats[Math.min(statCalls++, stats.length - 1)];
        if (next instanceof Error) throw next;
        return next;
      }),
      probe: fromPromise<MediaInfo, { path: string }>(() => {
        probeCalls++;
        return fakes.probe ? fakes.probe() : Promise.resolve(playable);
      }),
    },
  });
  const actor = createActor(machine, { clock, input: { path: PATH, stableMs: 1000, ...input } });
  const errors: unknown[] = [];
  actor.subscribe({ error: (e) => errors.push(e) });
  actor.start();
  return {
    actor,
    clock,
    errors,
    state: () => actor.getSnapshot().value,
    statCalls: () => statCalls,
    probeCalls: () => probeCalls,
    done: async (): Promise<IntakeOutput> => (await waitFor(actor, (s) => s.status === 'done')).output!,
  };
}

const bvpError = (code: string, message: string) =>
  Object.assign(new Error(message), { name: 'BvpError', code });
const never = () => new Promise<MediaInfo>(() => {});

describe('intake machine', () => {
  it('waits the stable window, stats, probes and hands on the identity and media info', async () => {
    const intake = startIntake();
    intake.clock.increment(999);
    expect(intake.state()).toBe('settling');
    intake.clock.increment(1);
    expect(intake.state()).toBe('checking');
    expect(await intake.done()).toEqual({
      outcome: 'ready',
      path: PATH,
      identity: { path: PATH, size: 5000, mtimeMs: 1 },
      info: playable,
    });
    expect(intake.errors).toEqual([]);
  });

  it('restarts the wait on every change', () => {
    const intake = startIntake();
    intake.clock.increment(600);
    intake.actor.send({ type: 'CHANGED', size: 6000, mtimeMs: 2 });
    intake.clock.increment(600);
    expect(intake.state()).toBe('settling');
    intake.actor.send({ type: 'CHANGED', size: 7000, mtimeMs: 3 });
    intake.clock.increment(999);
    expect(intake.state()).toBe('settling');
    intake.clock.increment(1);
    expect(intake.state()).toBe('checking');
    expect(intake.actor.getSnapshot().context).toMatchObject({ size: 7000, mtimeMs: 3 });
  });

  it('settles again when the stat after the wait differs from what was last seen', async () => {
    const intake = startIntake({ stats: [{ size: 9000, mtimeMs: 5 }] });
    intake.clock.increment(1000);
    await waitFor(intake.actor, (s) => s.matches('settling'));
    expect(intake.statCalls()).toBe(1);
    expect(intake.probeCalls()).toBe(0);
    intake.clock.increment(1000);
    const output = await intake.done();
    expect(intake.statCalls()).toBe(2);
    expect(output).toMatchObject({ outcome: 'ready', identity: { size: 9000, mtimeMs: 5 } });
  });

  it('treats the first stat as a change when the watcher saw no size', async () => {
    const intake = startIntake({}, {});
    intake.clock.increment(1000);
    await waitFor(intake.actor, (s) => s.matches('settling'));
    intake.clock.increment(1000);
    expect(await intake.done()).toMatchObject({ outcome: 'ready' });
    expect(intake.statCalls()).toBe(2);
  });

  it('goes back to settling when the file changes while it is probed', async () => {
    const intake = startIntake({ probe: never });
    intake.clock.increment(1000);
    await waitFor(intake.actor, (s) => s.matches('probing'));
    intake.actor.send({ type: 'CHANGED', size: 8000, mtimeMs: 9 });
    expect(intake.state()).toBe('settling');
  });

  it('ends gone when the file is deleted while settling, checking or probing', async () => {
    const settling = startIntake();
    settling.actor.send({ type: 'DELETED' });
    expect(await settling.done()).toEqual({ outcome: 'gone', path: PATH });

    const probing = startIntake({ probe: never });
    probing.clock.increment(1000);
    await waitFor(probing.actor, (s) => s.matches('probing'));
    probing.actor.send({ type: 'DELETED' });
    expect(await probing.done()).toEqual({ outcome: 'gone', path: PATH });

    const vanished = startIntake({ stats: [Object.assign(new Error('ENOENT'), { code: 'ENOENT' })] });
    vanished.clock.increment(1000);
    expect(await vanished.done()).toEqual({ outcome: 'gone', path: PATH });
  });

  it('rejects a file that is still empty after the stable window', async () => {
    const intake = startIntake({ stats: [{ size: 0, mtimeMs: 1 }] }, { size: 0, mtimeMs: 1 });
    intake.clock.increment(1000);
    expect(await intake.done()).toMatchObject({ outcome: 'rejected', reason: 'zero_bytes' });
    expect(intake.probeCalls()).toBe(0);
  });

  it('rejects with the reason the probe gives', async () => {
    const cases: [Error, string][] = [
      [bvpError('input.unreadable', 'ffprobe cannot read it'), 'unreadable'],
      [bvpError('input.no_streams', 'no streams'), 'no_streams'],
      [bvpError('ffmpeg.timeout', 'ffprobe timed out'), 'probe_failed'],
      [new Error('something odd'), 'unreadable'],
    ];
    for (const [error, reason] of cases) {
      const intake = startIntake({ probe: () => Promise.reject(error) });
      intake.clock.increment(1000);
      expect(await intake.done()).toEqual({
        outcome: 'rejected',
        path: PATH,
        reason,
        message: error.message,
        // Stat'ed before the probe: the verdict names the identity it is about, so nobody stats it again.
        identity: { path: PATH, size: expect.any(Number), mtimeMs: expect.any(Number) },
      });
      expect(intake.errors).toEqual([]);
    }
  });

  it('rejects a file whose only stream is cover art', async () => {
    const art: MediaInfo = {
      ...playable,
      streams: [
        {
          type: 'video',
          index: 0,
          codec: 'mjpeg',
          codecTag: null,
          profile: null,
          width: 600,
          height: 600,
          pixelFormat: null,
          frameRate: null,
          frameRateRational: null,
          variableFrameRate: false,
          fieldOrder: null,
          durationSeconds: null,
          attachedPicture: true,
        },
      ],
    };
    const intake = startIntake({ probe: () => Promise.resolve(art) });
    intake.clock.increment(1000);
    expect(await intake.done()).toMatchObject({ outcome: 'rejected', reason: 'no_streams' });
  });

  it('treats a probe that finds the file missing as gone', async () => {
    const intake = startIntake({ probe: () => Promise.reject(bvpError('input.missing', 'gone')) });
    intake.clock.increment(1000);
    expect(await intake.done()).toEqual({ outcome: 'gone', path: PATH });
  });

  it('rejects as unreadable when stat fails for another reason', async () => {
    const intake = startIntake({
      stats: [Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })],
    });
    intake.clock.increment(1000);
    expect(await intake.done()).toMatchObject({
      outcome: 'rejected',
      reason: 'unreadable',
      message: 'EACCES: permission denied',
    });
  });
});
