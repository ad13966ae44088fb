import { createActor } from 'xstate';
import { createJobMachine, type jobMachine } from '../../machines/job.ts';
import {
  createQueueMachine,
  type QueueCommand,
  type QueueEmitted,
  type QueueInput,
  selectCounts,
  selectEntry,
} from '../../machines/queue.ts';
import type { JobSpec, JobStatus } from '../../machines/types.ts';
import { fakeTranscode, makeSpec } from './fixtures.ts';

/**
 * A started queue whose jobs run the fake transcode actor, with every emitted event and error recorded. Finished jobs
 * leave the queue; `status` then reads the final status from the event that reported it, as the store would.
 */
export function startQueue(input: QueueInput = {}, job?: typeof jobMachine) {
  const fake = fakeTranscode();
  let t = 1000;
  const now = () => t;
  const machine = createQueueMachine(now).provide({
    actors: { job: (job ?? createJobMachine(now)).provide({ actors: { transcode: fake.logic } }) },
  });
  const actor = createActor(machine, { input });
  const emitted: QueueEmitted[] = [];
  const errors: unknown[] = [];
  let maxInSlot = 0;
  const stored = new Map<string, JobStatus>();
  actor.on('*', (e) => {
    emitted.push(e);
    if (e.type === 'job.completed' || e.type === 'job.failed' || e.type === 'job.cancelled')
      stored.set(e.id, e.status);
  });
  actor.subscribe({
    next: (s) => {
      maxInSlot = Math.max(maxInSlot, selectCounts(s).inSlot);
    },
    error: (e) => errors.push(e),
  });
  actor.start();
  const send = (command: QueueCommand) => actor.send(command);
  return {
    actor,
    fake,
    emitted,
    errors,
    send,
    add: (id: string, spec: Partial<JobSpec> = {}) => send({ type: 'ADD', spec: makeSpec(id, spec) }),
    /** The queue's status for a job in it, else the status its final event reported. */
    status: (id: string) => selectEntry(actor.getSnapshot(), id)?.status ?? stored.get(id),
    inQueue: (id: string) => selectEntry(actor.getSnapshot(), id) !== undefined,
    /** How many jobs ended with each final status (a retried one counts again when it ends again). */
    finished: () => {
      const counts = { completed: 0, failed: 0, cancelled: 0 };
      for (const e of emitted)
        if (e.type === 'job.completed' || e.type === 'job.failed' || e.type === 'job.cancelled')
          counts[e.status]++;
      return counts;
    },
    entry: (id: string) => {
      const entry = selectEntry(actor.getSnapshot(), id);
      if (!entry) throw new Error(`no job ${id}`);
      return entry;
    },
    counts: () => selectCounts(actor.getSnapshot()),
    /** Ids with a live transcode run, in start order. */
    running: () => fake.live().map((r) => r.input.spec.id),
    started: () => fake.runs.map((r) => r.input.spec.id),
    maxInSlot: () => maxInSlot,
    advance: (ms: number) => {
      t += ms;
    },
    types: () => emitted.map((e) => e.type),
  };
}
