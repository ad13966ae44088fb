/**
 * What XState inspection costs the service (issue 12): per job at the machine level (queue + job actors, a
 * transcode actor that reports at once), and for real tiny encodes through createService with event-loop lag.
 * Three modes: no `inspect` callback at all, the hub's callback with nobody inspecting (what `bvp serve` runs), and
 * one inspector client following everything (paths redacted, the socket discards what it is given).
 * Run: `npx tsx test/bench/inspect.bench.ts`, or through bin/run-bench.js (`run()`).
 */
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createActor, fromCallback, type InspectionEvent } from 'xstate';
import { jobMachine, type TranscodeLogic } from '../../machines/job.ts';
import { type QueueEmitted, queueMachine } from '../../machines/queue.ts';
import type { TranscodeCommand, TranscodeInput } from '../../machines/types.ts';
import { DEFAULT_STREAM_OPTIONS } from '../../src/http/stream/event-hub.ts';
import { createInspectHub, type InspectHub } from '../../src/inspect/inspect-hub.ts';
import { createService } from '../../src/service/service.ts';
import { makeSpec, progress, result } from '../machines/fixtures.ts';
import { type BenchResult, resultOf, round, runIfMain, summarize } from './bench-result.ts';
import { makeClipSet } from './service-batch.ts';

type Mode = 'off' | 'idle' | 'on';
const MODES: Mode[] = ['off', 'idle', 'on'];
const hop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A hub for the mode, with one client attached in `on` (its socket counts bytes and keeps nothing). */
function inspectFor(mode: Mode): {
  inspect?: (e: InspectionEvent) => void;
  hub: InspectHub;
  bytes: () => number;
} {
  const hub = createInspectHub({ limits: DEFAULT_STREAM_OPTIONS });
  let bytes = 0;
  if (mode === 'on') {
    hub.connect(
      {
        send: (text) => {
          bytes += text.length;
        },
        close() {},
        bufferedAmount: () => 0,
      },
      { actors: null, paths: false },
    );
  }
  return { inspect: mode === 'off' ? undefined : hub.tap('queue'), hub, bytes: () => bytes };
}

/** Reports like a real encode, one macrotask apart (so the inspector's batches get their turn, as with ffmpeg). */
const instantTranscode: TranscodeLogic = fromCallback<TranscodeCommand, TranscodeInput>(
  ({ input, sendBack }) => {
    const id = input.spec.id;
    let stopped = false;
    (async () => {
      await hop();
      sendBack({
        type: 'transcode.phase',
        phase: 'encoding',
        tempPath: `/out/.${id}.tmp`,
        ffmpegArgs: ['-i', 'x'],
      });
      for (const percent of [25, 50, 75, 100]) {
        await hop();
        if (!stopped) sendBack({ type: 'transcode.progress', progress: progress(percent) });
      }
      await hop();
      if (!stopped) sendBack({ type: 'transcode.phase', phase: 'verifying' });
      await hop();
      if (!stopped) sendBack({ type: 'transcode.done', result: result(id) });
    })();
    return () => {
      stopped = true;
    };
  },
);

/** ms per job for `jobs` jobs through queue and job actors, until the last completed and the inspector flushed. */
async function machineRun(
  mode: Mode,
  jobs: number,
): Promise<{ msPerJob: number; bytes: number; events: number }> {
  const { inspect, hub, bytes } = inspectFor(mode);
  let events = 0;
  if (mode === 'on') hub.listen(() => void events++);
  const logic = queueMachine.provide({
    actors: { job: jobMachine.provide({ actors: { transcode: instantTranscode } }) },
  });
  const actor = createActor(logic, { input: { concurrency: 1 }, inspect });
  let remaining = jobs;
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  actor.on('*', (event: QueueEmitted) => {
    if (event.type !== 'job.completed') return;
    if (--remaining === 0) done();
  });
  actor.start();
  actor.send({ type: 'PAUSE' });
  for (let i = 0; i < jobs; i++) actor.send({ type: 'ADD', spec: makeSpec(`j${i}`) });
  const start = performance.now();
  actor.send({ type: 'RESUME' });
  await finished;
  await hop();
  await hop();
  const ms = performance.now() - start;
  actor.stop();
  hub.close();
  return { msPerJob: ms / jobs, bytes: bytes(), events: events / jobs };
}

interface ServiceRun {
  msPerJob: number;
  lagP99Ms: number;
}

/** Real tiny encodes (0.5 s clips, copy-to-PCM profile) through createService; wall ms per job and loop lag. */
async function serviceRun(mode: Mode, clips: string[], workDir: string): Promise<ServiceRun> {
  const { inspect, hub } = inspectFor(mode);
  const service = createService({
    storePath: path.join(workDir, 'bvp.db'),
    ffmpeg: 'ffmpeg',
    ffprobe: 'ffprobe',
    outputDir: path.join(workDir, 'out'),
    synchronous: 'normal',
    inspect,
  });
  const lag = monitorEventLoopDelay({ resolution: 5 });
  try {
    let remaining = clips.length;
    const finished = new Promise<void>((resolve, reject) => {
      service.subscribe((e) => {
        if (e.type === 'job.failed') reject(new Error(`bench job failed: ${JSON.stringify(e.data)}`));
        if (e.type === 'job.completed' && --remaining === 0) resolve();
      });
    });
    service.pauseQueue();
    for (const source of clips) await service.submit({ source, profile: 'live-qlab', origin: 'bench' });
    const start = performance.now();
    lag.enable();
    service.resumeQueue();
    await finished;
    lag.disable();
    const ms = performance.now() - start;
    return { msPerJob: ms / clips.length, lagP99Ms: lag.percentile(99) / 1e6 };
  } finally {
    hub.close();
    await service.stop({ graceSeconds: 0 });
  }
}

/** ns per call of the hub's callback with nobody inspecting, over a million calls with a real inspection event. */
function idleCallNs(): number[] {
  const hub = createInspectHub({ limits: DEFAULT_STREAM_OPTIONS });
  const tap = hub.tap('queue');
  const actor = createActor(queueMachine, { input: {} });
  const event = {
    type: '@xstate.event',
    actorRef: actor,
    rootId: 'x',
    sourceRef: undefined,
    event: { type: 'X' },
  };
  const samples: number[] = [];
  for (let round = 0; round < 7; round++) {
    const start = performance.now();
    for (let i = 0; i < 1_000_000; i++) tap(event as InspectionEvent);
    samples.push(((performance.now() - start) * 1e6) / 1_000_000);
  }
  return samples;
}

export async function run(): Promise<BenchResult[]> {
  const JOBS = 200;
  const ROUNDS = 5;
  const perJob: Record<Mode, number[]> = { off: [], idle: [], on: [] };
  const bytes: number[] = [];
  const events: number[] = [];
  await machineRun('on', 50); // warm-up: JIT, module state
  for (let r = 0; r < ROUNDS; r++) {
    for (const mode of MODES) {
      const out = await machineRun(mode, JOBS);
      perJob[mode].push(out.msPerJob);
      if (mode === 'on') {
        bytes.push(out.bytes / JOBS);
        events.push(out.events);
      }
    }
  }
  const median = (mode: Mode) => summarize(perJob[mode]).median;
  const idleOverhead = perJob.idle.map((v, i) => v - perJob.off[i]);
  const onOverhead = perJob.on.map((v, i) => v - perJob.off[i]);

  const callNs = idleCallNs();
  const eventsPerJob = summarize(events).median;

  const set = await makeClipSet(6);
  const real: Record<Mode, ServiceRun[]> = { off: [], idle: [], on: [] };
  try {
    for (let r = 0; r < 2; r++) {
      for (const mode of MODES) {
        const workDir = set.dir.join(`run-${mode}-${r}`);
        real[mode].push(await serviceRun(mode, set.clips, workDir));
      }
    }
  } finally {
    await set.dir.cleanup();
  }
  const realMs = (mode: Mode) => real[mode].map((x) => x.msPerJob);
  const realLag = (mode: Mode) => real[mode].map((x) => x.lagP99Ms);
  const machineNote = `${JOBS} jobs × ${ROUNDS} rounds per mode, paired by round; an instant transcode actor (phase, 4 progress, verifying, done, one macrotask apart)`;
  return [
    resultOf(
      {
        id: 'inspect.idle-cost',
        issue: 12,
        name: 'Inspection with nobody inspecting: CPU added per job (inspection events per job × cost of the idle callback)',
        unit: 'ms',
        target: { stat: 'median', op: '<', value: 0.01 },
        note: `${Math.round(eventsPerJob)} inspection events per job (queue and job actors), ${round(summarize(callNs).median)} ns per idle callback call (7 × 1,000,000 calls).`,
      },
      callNs.map((ns) => (ns * eventsPerJob) / 1e6),
    ),
    resultOf(
      {
        id: 'inspect.idle-overhead',
        issue: 12,
        name: 'Inspection callback with nobody inspecting: wall time added per job (queue + job actors)',
        unit: 'ms',
        target: null,
        note: `${machineNote}; differences within the machine's noise. Per job without any callback: ${round(median('off'))} ms; with the idle callback: ${round(median('idle'))} ms.`,
      },
      idleOverhead,
    ),
    resultOf(
      {
        id: 'inspect.on-overhead',
        issue: 12,
        name: 'One inspector client following every actor: added time per job (queue + job actors)',
        unit: 'ms',
        target: null,
        note: `${machineNote}. Per job with the client: ${round(median('on'))} ms; ${Math.round(summarize(bytes).median)} bytes of messages per job.`,
      },
      onOverhead,
    ),
    ...MODES.map((mode) =>
      resultOf(
        {
          id: `inspect.service-${mode}`,
          issue: 12,
          name: `Real encodes through createService, inspection ${mode === 'off' ? 'off (no callback)' : mode === 'idle' ? 'idle (callback, no client)' : 'on (one client)'}: wall time per job`,
          unit: 'ms',
          target: null,
          note: `6 clips of 0.5 s (160x90) with live-qlab, concurrency 1, 2 runs per mode, interleaved.`,
        },
        realMs(mode),
      ),
    ),
    ...MODES.map((mode) =>
      resultOf(
        {
          id: `inspect.lag-${mode}`,
          issue: 12,
          name: `Event-loop lag p99 during those encodes, inspection ${mode}`,
          unit: 'ms',
          target: null,
          note: 'p99 of monitorEventLoopDelay (5 ms resolution) per run; median and worst of the 2 runs.',
        },
        realLag(mode),
      ),
    ),
  ];
}

await runIfMain(import.meta.url, run);
