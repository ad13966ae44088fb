import { rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { type Job, WaitingError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { toBvpError } from '../errors.ts';
import { type FfmpegRun, runFfmpeg } from '../media/ffmpeg-run.ts';
import { mapArgs, mapPath, type PathMap } from './path-map.ts';
import {
  type ClusterCommand,
  COMMAND_CHANNEL,
  type EncodePayload,
  parseCommand,
  QUEUE_NAME,
  WORKER_CHANNEL,
  type WorkerInfo,
  type WorkerMessage,
} from './protocol.ts';
import { connectRedis } from './redis.ts';
import { runPreflightChecks } from './worker-preflight.ts';

export interface ClusterWorkerOptions {
  redis: string;
  name: string;
  concurrency?: number;
  pathMaps?: PathMap[];
  ffmpeg: string;
  ffmpegVersion?: string | null;
  encoders?: string[];
  /** How long a job's lock lasts without renewal: a dead worker's job moves on after about this long. Default 30 s. */
  lockMs?: number;
  heartbeatMs?: number;
  log?: (line: string) => void;
}

export interface ClusterWorker {
  readonly info: WorkerInfo;
  /** Whether the preflight passed and the worker takes jobs. */
  readonly taking: boolean;
  /** Stops taking work; running encodes are stopped and left to BullMQ's stalled check (another worker resumes). */
  stop(): Promise<void>;
}

interface ActiveRun {
  run: FfmpegRun;
  tempPath: string;
  /** Stopped because this worker is stopping: the job goes back to the queue for another worker. */
  handBack: boolean;
}

/**
 * `bvp worker`: encodes for a coordinator. It takes no work until the coordinator's preflight proved it sees the
 * watch and output folders through its path map; it writes only the temp file it is told to (mapped), reports
 * progress through BullMQ, and obeys pause, resume and cancel from the command channel. It never renames or deletes
 * anything but a dead predecessor's copy of its temp file before starting.
 */
export async function startClusterWorker(options: ClusterWorkerOptions): Promise<ClusterWorker> {
  const log = options.log ?? (() => {});
  const maps = options.pathMaps ?? [];
  const lockMs = options.lockMs ?? 30_000;
  const info: WorkerInfo = {
    name: options.name,
    host: hostname(),
    pid: process.pid,
    ffmpegVersion: options.ffmpegVersion ?? null,
    encoders: options.encoders ?? [],
    pathMaps: maps,
    concurrency: options.concurrency ?? 1,
  };
  const pub = connectRedis(options.redis, `bvp-worker-${options.name}-pub`);
  const sub = connectRedis(options.redis, `bvp-worker-${options.name}-sub`);
  const runs = new Map<string, ActiveRun>();
  const suspendedEarly = new Set<string>();
  let bull: Worker | null = null;
  let stopped = false;

  const send = (message: WorkerMessage) => {
    if (!stopped) pub.publish(WORKER_CHANNEL, JSON.stringify(message)).catch(() => {});
  };

  const processor = async (job: Job<EncodePayload>, token?: string, signal?: AbortSignal) => {
    const payload = job.data;
    const tempPath = mapPath(payload.tempPath, maps);
    // A worker that died holding this job left its half-written temp file; this one starts over.
    await rm(tempPath, { force: true });
    const run = runFfmpeg({
      ffmpeg: options.ffmpeg,
      args: mapArgs(payload.args, maps),
      durationSeconds: payload.durationSeconds,
      stallSeconds: payload.stallSeconds,
      progressIntervalMs: payload.progressIntervalMs,
      signal,
      onProgress: (progress) => {
        job.updateProgress({ ...progress }).catch(() => {});
      },
    });
    const active: ActiveRun = { run, tempPath, handBack: false };
    runs.set(String(job.id), active);
    if (suspendedEarly.delete(String(job.id))) run.suspend();
    log(`${job.id}: encoding ${tempPath}`);
    try {
      const outcome = await run.done;
      log(`${job.id}: done in ${(outcome.elapsedMs / 1000).toFixed(1)} s`);
      return { ...outcome, worker: options.name };
    } catch (error) {
      const failure = toBvpError(error);
      // The temp file is left where it is: the coordinator removes it when the job fails or is cancelled, and the
      // next run of this encode replaces it. A run Redis lost may be stopped after its requeue already writes there.
      if (active.handBack) {
        log(`${job.id}: handed back to the queue`);
        await job.moveToWait(token);
        throw new WaitingError();
      }
      log(`${job.id}: ${failure.code} ${failure.message}`);
      // The coordinator rebuilds the BvpError from this (BullMQ carries only a message string).
      throw new Error(
        JSON.stringify({
          code: failure.code,
          message: failure.message,
          stderrTail: failure.stderrTail ?? [],
        }),
      );
    } finally {
      runs.delete(String(job.id));
    }
  };

  const startTaking = () => {
    if (bull || stopped) return;
    bull = new Worker<EncodePayload>(QUEUE_NAME, processor, {
      connection: connectRedis(options.redis, `bvp-worker-${options.name}`),
      concurrency: info.concurrency,
      name: options.name,
      lockDuration: lockMs,
      stalledInterval: Math.max(1000, Math.round(lockMs / 2)),
      maxStalledCount: 1,
      autorun: true,
    });
    bull.on('error', (error) => log(`bullmq: ${error.message}`));
    // Redis no longer holds these jobs for this worker (flushed, restarted empty, or given to another after a
    // stall): the coordinator runs them again, so ffmpeg here would only burn the CPU the new run needs.
    bull.on('lockRenewalFailed', (ids: string[]) => {
      for (const id of ids) {
        const active = runs.get(id);
        if (!active) continue;
        log(`${id}: the lock on Redis is gone; stopping this run`);
        active.run.cancel();
      }
    });
    log(`taking jobs (concurrency ${info.concurrency})`);
  };

  const onCommand = async (command: ClusterCommand) => {
    if (command.type === 'who') return send({ type: 'hello', worker: info });
    if (command.type === 'preflight') {
      if (command.worker !== options.name) return;
      const failures = await runPreflightChecks(command.checks, maps, options.name);
      send({
        type: 'preflight',
        worker: options.name,
        token: command.token,
        ok: failures.length === 0,
        failures,
      });
      if (failures.length === 0) startTaking();
      else for (const f of failures) log(`preflight: ${f.message}`);
      return;
    }
    const active = runs.get(command.jobId);
    if (command.type === 'suspend') {
      if (active) active.run.suspend();
      else suspendedEarly.add(command.jobId);
    } else if (command.type === 'continue') {
      suspendedEarly.delete(command.jobId);
      active?.run.resume();
    } else if (command.type === 'cancel') {
      active?.run.cancel();
    }
  };

  sub.on('message', (channel: string, raw: string) => {
    if (channel !== COMMAND_CHANNEL) return;
    const command = parseCommand(raw);
    if (command) onCommand(command).catch((error) => log(`command: ${(error as Error).message}`));
  });
  await sub.subscribe(COMMAND_CHANNEL);
  send({ type: 'hello', worker: info });
  const heartbeat = setInterval(
    () => send({ type: 'heartbeat', worker: options.name, jobs: [...runs.keys()], at: Date.now() }),
    options.heartbeatMs ?? 2000,
  );

  return {
    info,
    get taking() {
      return bull !== null;
    },
    async stop() {
      if (stopped) return;
      clearInterval(heartbeat);
      send({ type: 'bye', worker: options.name });
      stopped = true;
      for (const active of runs.values()) {
        active.handBack = true;
        active.run.cancel();
      }
      // Waits for the processors, which hand their jobs back (moveToWait) once ffmpeg is gone.
      await bull?.close().catch(() => {});
      await Promise.allSettled([quit(sub), quit(pub)]);
    },
  };
}

async function quit(redis: Redis): Promise<void> {
  await redis.quit().catch(() => redis.disconnect());
}
