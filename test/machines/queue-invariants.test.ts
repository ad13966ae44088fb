import { describe, expect, it } from 'vitest';
import { jobStatusOf } from '../../machines/job.ts';
import { type QueueCommand, type QueueEmitted, selectJobs } from '../../machines/queue.ts';
import { compareDispatch } from '../../machines/queue-model.ts';
import { makeSpec } from './fixtures.ts';
import { startQueue } from './queue-harness.ts';

// mulberry32: a small deterministic generator, so a failure replays exactly.
function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

describe('queue bookkeeping', () => {
  it('keeps its mirror, slot count and ready list true to the jobs under random commands and verifications', () => {
    for (const seed of [1, 2, 3, 4]) {
      const pick = random(seed);
      const q = startQueue({ concurrency: 1 });
      const ids = Array.from({ length: 30 }, (_, i) => `j${i}`);
      // The record the store would hold for a job: the last one an event carried.
      const stored = (id: string) =>
        q.emitted.findLast((e): e is Extract<QueueEmitted, { job: unknown }> => 'job' in e && e.id === id)
          ?.job;
      for (let step = 0; step < 1000; step++) {
        const id = ids[pick(ids.length)];
        const record = stored(id);
        const commands: QueueCommand[] = [
          { type: 'ADD', spec: makeSpec(id, { priority: pick(3) }) },
          { type: 'CANCEL', id },
          record ? { type: 'RETRY', id, rerun: pick(2) === 0, job: record } : { type: 'CANCEL', id },
          { type: 'PAUSE_JOB', id },
          { type: 'RESUME_JOB', id },
          { type: 'SET_PRIORITY', id, priority: pick(5) },
          {
            type: 'MOVE',
            id,
            to: (['top', 'bottom', 'before', 'after'] as const)[pick(4)],
            ref: ids[pick(30)],
          },
          { type: 'SET_CONCURRENCY', value: 1 + pick(3) },
          { type: pick(2) === 0 ? 'PAUSE' : 'RESUME' },
        ];
        if (pick(60) === 0) q.send({ type: 'CLEAR' });
        const roll = pick(commands.length + 4);
        if (roll < commands.length) q.send(commands[roll]);
        else if (q.running().length > 0) {
          const run = q.fake.live()[pick(q.fake.live().length)];
          if (roll === commands.length) q.fake.finish(run.input.spec.id);
          // Past its encode: the job gives its slot back and the next one may start.
          else if (roll === commands.length + 1) run.report({ type: 'transcode.phase', phase: 'verifying' });
          else run.report({ type: 'transcode.failed', error: { code: 'x', message: 'x', stderrTail: [] } });
        }

        const { context } = q.actor.getSnapshot();
        const entries = selectJobs(q.actor.getSnapshot());
        for (const entry of entries) {
          const job = entry.ref.getSnapshot();
          // Only unfinished jobs are in the queue: a finished one left as its actor ended.
          expect(job.status, `${entry.id} at step ${step}`).toBe('active');
          expect(entry.status, `${entry.id} at step ${step}`).toBe(jobStatusOf(job));
          expect(entry.live).toBe(job.matches('active'));
          // A slot is held by a live job still before its verification.
          const pastEncode = job.context.phase === 'verifying' || job.context.phase === 'finalizing';
          expect(entry.inSlot, `${entry.id} at step ${step}`).toBe(entry.live && !pastEncode);
        }
        expect(context.inSlot).toBe(entries.filter((e) => e.inSlot).length);
        expect(q.running().length).toBe(entries.filter((e) => e.live).length);
        const pending = entries.filter((e) => e.status === 'pending').sort(compareDispatch);
        expect(context.ready.map((e) => e.id)).toEqual(pending.map((e) => e.id));
        if (q.actor.getSnapshot().matches('running')) {
          expect(pending.length === 0 || context.inSlot >= context.concurrency).toBe(true);
        }
      }
      expect(q.errors).toEqual([]);
    }
  });
});
