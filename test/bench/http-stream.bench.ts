/**
 * 200 WebSocket clients while 4 jobs stream progress: event-loop lag of the server process (target p99 < 20 ms).
 * The clients run in a worker thread so their own parsing does not count as the server's lag.
 * Run: `npx tsx test/bench/http-stream.bench.ts`, or through bin/run-bench.js (`run()`).
 */
import { copyFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { makeClip } from '../helpers/clips.ts';
import { type BenchResult, type BenchTarget, judge, runIfMain } from './bench-result.ts';
import { startBenchServer } from './http-bench-setup.ts';

/** CommonJS worker: opens the clients, counts messages, reports when every client saw `jobs` completions. */
const CLIENTS_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const WebSocket = require(workerData.wsPath);
const { url, clients, jobs } = workerData;
let open = 0, done = 0, messages = 0;
const gaps = [];
for (let i = 0; i < clients; i++) {
  const ws = new WebSocket(url, ['bvp.v1']);
  let last = -1, completed = 0;
  ws.on('open', () => { if (++open === clients) parentPort.postMessage({ type: 'open' }); });
  ws.on('message', (data) => {
    messages++;
    const m = JSON.parse(String(data));
    if (m.type === 'snapshot') { last = m.seq; return; }
    if (m.seq !== last + 1) gaps.push([last, m.seq]);
    last = m.seq;
    if (m.type === 'job.completed' && ++completed === jobs && ++done === clients) {
      parentPort.postMessage({ type: 'done', messages, gaps: gaps.length });
    }
  });
}
`;

export interface StreamBenchResult {
  clients: number;
  jobs: number;
  encodeSeconds: number;
  messagesDelivered: number;
  seqGaps: number;
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  lagSamples: number;
}

export async function runHttpStreamBench(clients = 200, jobs = 4): Promise<StreamBenchResult> {
  const bench = await startBenchServer({ concurrency: jobs });
  try {
    const master = await makeClip(path.join(bench.dir, 'master.mov'), {
      seconds: 12,
      width: 640,
      height: 360,
    });
    const sources: string[] = [];
    for (let i = 0; i < jobs; i++) {
      const file = path.join(bench.dir, 'watch', `cue-${i}.mov`);
      await copyFile(master, file);
      sources.push(file);
    }
    const worker = new Worker(CLIENTS_WORKER, {
      eval: true,
      workerData: {
        url: `${bench.server.url.replace(/^http/, 'ws')}/api/v1/stream`,
        clients,
        jobs,
        wsPath: createRequire(import.meta.url).resolve('ws'),
      },
    });
    const next = (type: string) =>
      new Promise<{ messages: number; gaps: number }>((resolve, reject) => {
        worker.on('message', (m: { type: string; messages: number; gaps: number }) => {
          if (m.type === type) resolve(m);
        });
        worker.once('error', reject);
      });
    await next('open');

    const lag = monitorEventLoopDelay({ resolution: 5 });
    const finished = next('done');
    const start = performance.now();
    lag.enable();
    for (const source of sources) {
      const res = await fetch(`${bench.server.url}/api/v1/jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ source, profile: 'live-qlab' }),
      });
      if (res.status !== 201) throw new Error(`POST /jobs: ${res.status} ${await res.text()}`);
    }
    const report = await finished;
    lag.disable();
    const encodeSeconds = Math.round((performance.now() - start) / 100) / 10;
    await worker.terminate();
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    return {
      clients,
      jobs,
      encodeSeconds,
      messagesDelivered: report.messages,
      seqGaps: report.gaps,
      lagP50Ms: ms(lag.percentile(50)),
      lagP99Ms: ms(lag.percentile(99)),
      lagMaxMs: ms(lag.max),
      lagSamples: lag.count,
    };
  } finally {
    await bench.close();
  }
}

function lagResult(id: string, name: string, r: StreamBenchResult, target: BenchTarget | null): BenchResult {
  const figures = { median: r.lagP50Ms, p99: r.lagP99Ms };
  return {
    id,
    issue: 5,
    name,
    unit: 'ms',
    ...figures,
    samples: r.lagSamples,
    target,
    pass: judge(target, figures),
    note:
      `${r.clients} client(s) in a worker thread, ${r.jobs} concurrent live-qlab encodes of 12 s 640x360 clips ` +
      `(${r.encodeSeconds} s); ${r.messagesDelivered} messages delivered, ${r.seqGaps} seq gaps; max lag ${r.lagMaxMs} ms.`,
  };
}

/** For bin/run-bench.js: the 200-client figure, and the same encodes with one client as the machine's baseline. */
export async function run(): Promise<BenchResult[]> {
  const baseline = await runHttpStreamBench(1);
  const result = await runHttpStreamBench();
  return [
    lagResult('ws.lag', 'Event-loop lag with 200 WebSocket clients while 4 jobs stream progress', result, {
      stat: 'p99',
      op: '<',
      value: 20,
    }),
    lagResult(
      'ws.lag-baseline',
      'Event-loop lag with 1 WebSocket client while 4 jobs stream progress',
      baseline,
      null,
    ),
  ];
}

await runIfMain(import.meta.url, run);
