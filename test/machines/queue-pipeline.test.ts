import { describe, expect, it } from 'vitest';
import { checkCommand, selectJobsInDispatchOrder } from '../../machines/queue.ts';
import type { TranscodePhase } from '../../machines/types.ts';
import { startQueue } from './queue-harness.ts';

type Queue = ReturnType<typeof startQueue>;

const phase = (q: Queue, id: string, p: TranscodePhase) =>
  q.fake.runOf(id).report({ type: 'transcode.phase', phase: p });
const fail = (q: Queue, id: string) =>
  q.fake
    .runOf(id)
    .report({ type: 'transcode.failed', error: { code: 'verify.failed', message: 'x', stderrTail: [] } });

/** Jobs whose live run last reported `encoding`: what concurrency really limits. */
function encoding(q: Queue): string[] {
  const last = new Map<string, string>();
  for (const e of q.emitted) if (e.type === 'job.phase') last.set(e.id, e.phase);
  return q.running().filter((id) => last.get(id) === 'encoding');
}

describe('queue pipelining: concurrency limits encodes, not verification', () => {
  it('with concurrency 1, starts the next encode when the running job reports verifying, never two encodes at once', () => {
    const q = startQueue({ concurrency: 1 });
    for (const id of ['a', 'b', 'c']) q.add(id);
    phase(q, 'a', 'encoding');
    expect(q.running()).toEqual(['a']);
    phase(q, 'a', 'verifying');
    // a is still running (verified and renamed later); b's transcode has started.
    expect(q.status('a')).toBe('running');
    expect(q.running()).toEqual(['a', 'b']);
    expect(q.counts()).toMatchObject({ running: 2, inSlot: 1, live: 2 });
    phase(q, 'b', 'encoding');
    expect(encoding(q)).toEqual(['b']);
    // a finishing frees nothing: its slot is already b's.
    q.fake.finish('a');
    expect(q.status('a')).toBe('completed');
    expect(q.running()).toEqual(['b']);
    phase(q, 'b', 'verifying');
    expect(q.running()).toEqual(['b', 'c']);
    phase(q, 'c', 'encoding');
    q.fake.finish('b');
    q.fake.finish('c');
    expect(q.started()).toEqual(['a', 'b', 'c']);
    expect(q.maxInSlot()).toBe(1);
    expect(q.counts()).toMatchObject({ total: 0, inSlot: 0, live: 0 });
    expect(q.finished().completed).toBe(3);
    expect(q.errors).toEqual([]);
  });

  for (const concurrency of [1, 2, 3]) {
    it(`keeps at most ${concurrency} encoding at once when every job verifies through a burst of 30`, () => {
      const q = startQueue({ concurrency });
      for (let i = 0; i < 30; i++) q.add(`j${i}`);
      let finished = 0;
      while (q.running().length > 0) {
        const [first] = q.running();
        const last = q.emitted.findLast((e) => e.type === 'job.phase' && e.id === first);
        if (last?.type !== 'job.phase') phase(q, first, 'encoding');
        else if (last.phase === 'encoding') phase(q, first, 'verifying');
        else {
          q.fake.finish(first);
          finished++;
        }
        expect(encoding(q).length).toBeLessThanOrEqual(concurrency);
        expect(q.counts().inSlot).toBeLessThanOrEqual(concurrency);
      }
      expect(finished).toBe(30);
      expect(q.maxInSlot()).toBe(concurrency);
    });
  }

  it('gives the slot back once: finalizing after verifying, or a verify failure, starts nothing more', () => {
    const q = startQueue({ concurrency: 1 });
    for (const id of ['a', 'b', 'c']) q.add(id);
    phase(q, 'a', 'verifying');
    phase(q, 'a', 'finalizing');
    expect(q.running()).toEqual(['a', 'b']);
    fail(q, 'a');
    expect(q.status('a')).toBe('failed');
    expect(q.running()).toEqual(['b']);
    expect(q.status('c')).toBe('pending');
  });

  it('pauses a verifying job without giving it a slot back, and resumes it', () => {
    const q = startQueue({ concurrency: 1 });
    for (const id of ['a', 'b', 'c']) q.add(id);
    phase(q, 'a', 'verifying');
    q.send({ type: 'PAUSE_JOB', id: 'a' });
    expect(q.status('a')).toBe('paused');
    // No ffmpeg to suspend any more; the transcode actor is told all the same and ignores it.
    expect(q.fake.runOf('a').commands).toEqual(['SUSPEND']);
    expect(q.counts()).toMatchObject({ paused: 1, running: 1, inSlot: 1, live: 2 });
    // Started, so not waiting: it cannot be moved and is not in the dispatch order.
    expect(checkCommand(q.actor.getSnapshot(), { type: 'MOVE', id: 'a', to: 'top' })).toMatchObject({
      reason: 'invalid_state',
    });
    expect(selectJobsInDispatchOrder(q.actor.getSnapshot()).map((e) => e.id)).toEqual(['c']);
    q.send({ type: 'RESUME_JOB', id: 'a' });
    expect(q.status('a')).toBe('running');
    expect(q.counts()).toMatchObject({ inSlot: 1, live: 2 });
    expect(q.running()).toEqual(['a', 'b']);
    q.fake.finish('a');
    expect(q.running()).toEqual(['b']);
    expect(q.maxInSlot()).toBe(1);
  });

  it('cancels a verifying job (its run is stopped) without starting another', () => {
    const q = startQueue({ concurrency: 1 });
    for (const id of ['a', 'b', 'c']) q.add(id);
    const a = q.fake.runOf('a');
    phase(q, 'a', 'verifying');
    q.send({ type: 'CANCEL', id: 'a' });
    expect(a.cleanedUp).toBe(true);
    expect(q.status('a')).toBe('cancelled');
    expect(q.running()).toEqual(['b']);
    expect(q.status('c')).toBe('pending');
  });

  it('CLEAR leaves a verifying job alone', () => {
    const q = startQueue({ concurrency: 1 });
    for (const id of ['a', 'b', 'c']) q.add(id);
    phase(q, 'a', 'verifying');
    q.send({ type: 'CLEAR' });
    expect([q.status('a'), q.status('b'), q.status('c')]).toEqual(['running', 'running', 'cancelled']);
  });
});
