/**
 * Cluster mode (issue 14), on a private redis-server: the added latency of one encode through BullMQ against the same
 * encode run locally, the throughput of a 20-clip burst with 1 vs 2 worker processes' worth of workers (in-process
 * workers, each running its own ffmpeg), and Redis memory per 10,000 queued encodes. Skipped without redis-server.
 */
import { mkdir, rm } from 'node:fs/promises';
import { Queue } from 'bullmq';
import { startCoordinator } from '../../src/cluster/coordinator.ts';
import { type EncodePayload, QUEUE_NAME } from '../../src/cluster/protocol.ts';
import { connectRedis, parseInfo } from '../../src/cluster/redis.ts';
import { startClusterWorker } from '../../src/cluster/worker.ts';
import { runFfmpeg } from '../../src/media/ffmpeg-run.ts';
import { REDIS_SERVER, startRedis } from '../cluster/helpers/redis.ts';
import { makeClip, makeTempDir } from '../helpers/clips.ts';
import { type BenchResult, resultOf, round, runIfMain } from './bench-result.ts';

const ISSUE = 14;
const LATENCY_ROUNDS = 10;
const BURST = 20;

const argsFor = (input: string, output: string) => [
  '-hide_banner',
  '-nostdin',
  '-y',
  '-progress',
  'pipe:1',
  '-nostats',
  '-i',
  input,
  '-c:v',
  'libx264',
  '-preset',
  'veryfast',
  '-c:a',
  'aac',
  output,
];

export async function run(): Promise<BenchResult[]> {
  if (!REDIS_SERVER) return [];
  const redis = await startRedis();
  const dir = await makeTempDir('bvp-bench-cluster-');
  const results: BenchResult[] = [];
  try {
    await mkdir(dir.join('out'));
    const clip = await makeClip(dir.join('tiny.mov'), { seconds: 1 });
    const coordinator = await startCoordinator({ redis: redis.url, folders: () => [], reconcileMs: 60_000 });
    const workers = [
      await startClusterWorker({ redis: redis.url, name: 'b1', ffmpeg: 'ffmpeg' }),
      await startClusterWorker({ redis: redis.url, name: 'b2', ffmpeg: 'ffmpeg' }),
    ];
    // The preflight (no folders) passes at once; wait until both take jobs.
    while (!workers.every((w) => w.taking)) await new Promise((r) => setTimeout(r, 50));
    await workers[1].stop();

    let n = 0;
    const remoteOnce = async () => {
      n++;
      const out = dir.join('out', `r${n}.mp4`);
      const started = performance.now();
      await coordinator.encoder({
        job: { id: `bench-${n}`, attempt: 1, tempPath: out },
        ffmpeg: 'ffmpeg',
        args: argsFor(clip, out),
        durationSeconds: 1,
      }).done;
      return performance.now() - started;
    };
    const localOnce = async () => {
      n++;
      const out = dir.join('out', `l${n}.mp4`);
      const started = performance.now();
      await runFfmpeg({ ffmpeg: 'ffmpeg', args: argsFor(clip, out), durationSeconds: 1 }).done;
      return performance.now() - started;
    };
    const local: number[] = [];
    const remote: number[] = [];
    for (let i = 0; i < LATENCY_ROUNDS; i++) {
      local.push(await localOnce());
      remote.push(await remoteOnce());
    }
    local.sort((a, b) => a - b);
    const added = [...remote].sort((a, b) => a - b).map((r, i) => r - local[i]);
    results.push(
      resultOf(
        {
          id: 'cluster.added-latency',
          issue: ISSUE,
          name: 'Added latency per job: one tiny encode through BullMQ + a worker, minus the same encode run locally',
          unit: 'ms',
          target: { stat: 'median', op: '<', value: 100 },
          note: `${LATENCY_ROUNDS} rounds, 1 s 160x90 clip, libx264 veryfast; paired by rank (sorted remote minus sorted local)`,
        },
        added,
      ),
    );

    const burst = async () => {
      const started = performance.now();
      await Promise.all(Array.from({ length: BURST }, () => remoteOnce()));
      return (performance.now() - started) / 1000;
    };
    const one = await burst();
    workers[1] = await startClusterWorker({ redis: redis.url, name: 'b2', ffmpeg: 'ffmpeg' });
    while (!workers[1].taking) await new Promise((r) => setTimeout(r, 50));
    const two = await burst();
    results.push(
      resultOf(
        {
          id: 'cluster.burst-1-vs-2',
          issue: ISSUE,
          name: `Throughput of a ${BURST}-clip burst, 2 workers vs 1 (time with 1 ÷ time with 2)`,
          unit: 'x',
          target: null,
          note: `1 worker ${round(one)} s, 2 workers ${round(two)} s; both workers on this one machine (its cores bound the ratio)`,
        },
        [one / two],
      ),
    );
    for (const w of workers) await w.stop();
    await coordinator.close();

    const client = connectRedis(redis.url, 'bench');
    await client.flushall();
    const before = Number(parseInfo(await client.info('memory')).get('used_memory'));
    const queue = new Queue<EncodePayload>(QUEUE_NAME, { connection: client });
    const payload = (i: number): EncodePayload => ({
      jobId: `0f8fad5b-d9cb-469f-a165-70867728950e-${i}`,
      attempt: 1,
      args: argsFor(
        `/Volumes/Show/incoming/Act 2 cue ${i}.mov`,
        `/Volumes/Show/out/.Act 2 cue ${i}.bvp-tmp-x.mp4`,
      ),
      tempPath: `/Volumes/Show/out/.Act 2 cue ${i}.bvp-tmp-x.mp4`,
      durationSeconds: 93.4,
    });
    for (let i = 0; i < 10_000; i += 1000) {
      await queue.addBulk(
        Array.from({ length: 1000 }, (_, k) => ({
          name: 'encode',
          data: payload(i + k),
          opts: { jobId: `job-${i + k}-1`, attempts: 1 },
        })),
      );
    }
    const after = Number(parseInfo(await client.info('memory')).get('used_memory'));
    results.push(
      resultOf(
        {
          id: 'cluster.redis-memory-10k',
          issue: ISSUE,
          name: 'Redis memory for 10,000 queued encodes (used_memory after − before)',
          unit: 'MB',
          target: null,
          note: 'payload: the encode arguments (~15 args with two paths), temp path, duration',
        },
        [(after - before) / 1024 / 1024],
      ),
    );
    await queue.close();
    client.disconnect();
  } finally {
    await redis.cleanup();
    await rm(dir.path, { recursive: true, force: true });
  }
  return results;
}

await runIfMain(import.meta.url, run);
