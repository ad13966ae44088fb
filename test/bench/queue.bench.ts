/**
 * Queue machine with 10,000 pending jobs: one ADD, one dispatch (a running job finishes → the next starts) and one
 * CANCEL of a pending job, each timed alone. Pure machines with a fake transcode actor: no ffmpeg, no store.
 * Issue 3 target: median < 1 ms each.
 */
import { createActor, fromCallback } from 'xstate';
import { jobMachine } from '../../machines/job.ts';
import { queueMachine, selectCounts, selectEntry } from '../../machines/queue.ts';
import type { JobSpec, TranscodeCommand, TranscodeInput, TranscodeReport } from '../../machines/types.ts';
import type { Profile } from '../../src/profiles/schema.ts';
import { type BenchResult, resultOf, runIfMain } from './bench-result.ts';

const PENDING = 10_000;
const SAMPLES = 1000;
const WARMUP = 50;

function spec(n: number): JobSpec {
  return {
    id: `job-${n}`,
    source: {
      path: `/shows/opening-night/in/cue-${n}.mov`,
      size: 500_000_000 + n,
      mtimeMs: 1_700_000_000_000 + n,
    },
    outputPath: `/shows/opening-night/out/cue-${n}.mov`,
    // The machines never look inside the profile.
    profile: { name: 'live-qlab' } as unknown as Profile,
    overrides: {},
    priority: n % 5,
    sourceAction: { kind: 'keep' },
    collision: 'suffix',
    verify: true,
    origin: 'bench',
    createdAt: n,
  };
}

/** A transcode actor that runs until told; `started` records when each run began, to time dispatch. */
function fakeTranscode() {
  const live = new Map<string, (report: TranscodeReport) => void>();
  const started: { id: string; at: number }[] = [];
  const logic = fromCallback<TranscodeCommand, TranscodeInput>(({ input, sendBack }) => {
    started.push({ id: input.spec.id, at: performance.now() });
    live.set(input.spec.id, sendBack);
    return () => live.delete(input.spec.id);
  });
  return { logic, live, started };
}

function startQueue() {
  const fake = fakeTranscode();
  const machine = queueMachine.provide({
    actors: { job: jobMachine.provide({ actors: { transcode: fake.logic } }) },
  });
  const actor = createActor(machine, { input: { concurrency: 1 } });
  const errors: unknown[] = [];
  actor.subscribe({ error: (e) => errors.push(e) });
  actor.start();
  return { actor, fake, errors };
}

const elapsed = (start: number) => performance.now() - start;

export async function run(): Promise<BenchResult[]> {
  const { actor, fake, errors } = startQueue();
  let next = 0;
  const buildStart = performance.now();
  // Concurrency 1: the first job takes the slot and never finishes unless told, the other 10,000 wait.
  for (; next <= PENDING; next++) actor.send({ type: 'ADD', spec: spec(next) });
  const buildMs = elapsed(buildStart);
  const pendingNow = () => selectCounts(actor.getSnapshot()).pending;
  if (pendingNow() !== PENDING) throw new Error(`expected ${PENDING} pending, got ${pendingNow()}`);

  const add: number[] = [];
  const dispatch: number[] = [];
  const cancel: number[] = [];
  // Interleaved so each operation sees the same 10,000-deep queue: ADD +1, dispatch −1, CANCEL −1, refill +1.
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    const keep = i >= WARMUP;

    const added = spec(next++);
    let start = performance.now();
    actor.send({ type: 'ADD', spec: added });
    const addMs = elapsed(start);
    if (selectEntry(actor.getSnapshot(), added.id)?.status !== 'pending') throw new Error('ADD did not land');

    const [runningId, report] = [...fake.live][0];
    const startedBefore = fake.started.length;
    start = performance.now();
    report({
      type: 'transcode.done',
      result: {
        outputPath: `/out/${runningId}.mov`,
        outputBytes: 1,
        inputBytes: 1,
        durationSeconds: 1,
        encodeSeconds: 1,
        ffmpegArgs: [],
      },
    });
    const nextRun = fake.started[startedBefore];
    if (!nextRun) throw new Error('dispatch did not start the next job synchronously');
    const dispatchMs = nextRun.at - start;

    // A pending job from the middle of the queue, so neither end of the ordering is favoured.
    const victim = `job-${next - 1 - (PENDING >> 1)}`;
    if (selectEntry(actor.getSnapshot(), victim)?.status !== 'pending')
      throw new Error(`${victim} not pending`);
    start = performance.now();
    actor.send({ type: 'CANCEL', id: victim });
    const cancelMs = elapsed(start);
    if (selectEntry(actor.getSnapshot(), victim)) throw new Error('CANCEL did not land');

    actor.send({ type: 'ADD', spec: spec(next++) });
    if (keep) {
      add.push(addMs);
      dispatch.push(dispatchMs);
      cancel.push(cancelMs);
    }
  }
  if (pendingNow() !== PENDING) throw new Error(`queue drifted to ${pendingNow()} pending`);
  if (errors.length > 0) throw new Error(`queue actor errored: ${String(errors[0])}`);
  actor.stop();

  const target = { stat: 'median', op: '<', value: 1 } as const;
  const base = { issue: 3, unit: 'ms', target } as const;
  return [
    resultOf(
      {
        ...base,
        id: 'queue.add',
        name: 'Queue ADD with 10,000 pending jobs',
        note: 'send() of one ADD until it returns: duplicate check, job actor spawned, placed in dispatch order. The p99 is mostly garbage collection of a 10,000-actor heap on a loaded machine.',
      },
      add,
    ),
    resultOf(
      {
        ...base,
        id: 'queue.dispatch',
        name: 'Queue dispatch with 10,000 pending jobs (running job finishes → next starts)',
        note: 'From the transcode actor reporting done until the next job’s transcode actor is started (the queue dropping the finished job, on its actor’s done event, follows right after and is not in the figure).',
      },
      dispatch,
    ),
    resultOf(
      {
        ...base,
        id: 'queue.cancel',
        name: 'Queue CANCEL of a pending job with 10,000 pending jobs',
        note: 'send() of one CANCEL until it returns: the job is cancelled and (as in the service) removed from the queue.',
      },
      cancel,
    ),
    {
      id: 'queue.fill-10k',
      issue: 3,
      name: 'Filling the queue with 10,001 ADDs (one running)',
      unit: 'ms',
      median: Math.round(buildMs),
      p99: null,
      samples: 1,
      target: null,
      pass: null,
      note: 'Informational: the whole burst, one send() after another.',
    },
  ];
}

await runIfMain(import.meta.url, run);
