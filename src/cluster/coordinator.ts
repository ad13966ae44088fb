import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { BvpError } from '../errors.ts';
import type { Encoder } from '../media/encoder.ts';
import { type PreflightFolder, writeProbes } from './preflight.ts';
import {
  type ClusterCommand,
  COMMAND_CHANNEL,
  type EncodePayload,
  type PreflightFailure,
  parseWorkerMessage,
  QUEUE_NAME,
  WORKER_CHANNEL,
  WORKERS_VIEW_KEY,
} from './protocol.ts';
import { checkRedisFacts, connectRedis, readRedisFacts, redactUrl } from './redis.ts';
import { createRemoteEncoder } from './remote-encoder.ts';
import { createWorkerRegistry, type WorkerEventType, type WorkerView } from './worker-registry.ts';

export interface CoordinatorOptions {
  redis: string;
  /** Watch folders (read) and output folders (write) every worker must reach before it gets work. */
  folders: () => PreflightFolder[];
  /** Workers' heartbeat period; one silent for three of them (and a second) is lost. Default 2000. */
  heartbeatMs?: number;
  /** How often in-flight encodes are compared with Redis (a flush or a restart without AOF loses them). Default 5000. */
  reconcileMs?: number;
  preflightTimeoutMs?: number;
  cancelWaitMs?: number;
  log?: (line: string) => void;
  onWorkerEvent?: (type: WorkerEventType, worker: WorkerView) => void;
  /** A job's encode was interrupted on a worker (lost or stopping) and runs again on another. */
  onInterrupted?: (jobId: string, data: { reason: string; bullId: string }) => void;
}

export interface Coordinator {
  encoder: Encoder;
  workers(): WorkerView[];
  /** What the Redis check found unwise but not fatal (AOF off). */
  warnings: string[];
  close(): Promise<void>;
}

/**
 * The coordinator's end of cluster mode: checks Redis, runs the BullMQ queue the remote encoder feeds, listens to
 * BullMQ's events and the workers' announcements, preflights each worker that joins, and puts encodes Redis lost
 * back in the queue (the store, not Redis, is the record of every job).
 *
 * @throws BvpError `config.invalid` when Redis cannot be reached, evicts keys or is too old.
 */
export async function startCoordinator(options: CoordinatorOptions): Promise<Coordinator> {
  const log = options.log ?? (() => {});
  const where = redactUrl(options.redis);
  const pub = connectRedis(options.redis, 'bvp-coordinator');
  let warnings: string[];
  try {
    warnings = checkRedisFacts(await withTimeout(readRedisFacts(pub), 5000, where), options.redis);
  } catch (error) {
    pub.disconnect();
    throw error;
  }
  const sub = connectRedis(options.redis, 'bvp-coordinator-sub');
  const eventsConnection = connectRedis(options.redis, 'bvp-coordinator-events');
  const queue = new Queue<EncodePayload>(QUEUE_NAME, { connection: pub });
  const events = new QueueEvents(QUEUE_NAME, { connection: eventsConnection, autorun: true });
  queue.on('error', (e) => log(`bullmq queue: ${e.message}`));
  events.on('error', (e) => log(`bullmq events: ${e.message}`));
  const command = (c: ClusterCommand) => {
    pub.publish(COMMAND_CHANNEL, JSON.stringify(c)).catch((e: Error) => log(`command: ${e.message}`));
  };

  // Whatever a previous coordinator left on Redis is stale: the store decides what runs, and requeues it afresh.
  for (const job of await queue.getJobs(['active'])) if (job.id) command({ type: 'cancel', jobId: job.id });
  await queue.drain(true);
  await Promise.all([queue.clean(0, 10_000, 'completed'), queue.clean(0, 10_000, 'failed')]);

  const remote = createRemoteEncoder({ queue, command, cancelWaitMs: options.cancelWaitMs, log });
  const interrupted = (bullId: string, reason: string) => {
    const jobId = remote.jobOf(bullId);
    if (jobId) options.onInterrupted?.(jobId, { reason, bullId });
  };
  events.on('active', ({ jobId }) => remote.active(jobId));
  events.on('progress', ({ jobId, data }) => remote.progress(jobId, data));
  events.on('completed', ({ jobId, returnvalue }) => remote.completed(jobId, returnvalue));
  events.on('failed', ({ jobId, failedReason }) => remote.failed(jobId, failedReason));
  events.on('stalled', ({ jobId }) => interrupted(jobId, 'the worker running it stopped answering'));
  events.on('waiting', ({ jobId, prev }) => {
    if (prev === 'active') interrupted(jobId, 'the worker running it stopped');
  });

  const heartbeatMs = options.heartbeatMs ?? 2000;
  const preflights = new Map<string, (ok: boolean, failures: PreflightFailure[]) => void>();
  const registry = createWorkerRegistry({
    lostAfterMs: heartbeatMs * 3 + 1000,
    onEvent: (type, worker) => {
      log(`${type} ${worker.name} (${worker.host})`);
      options.onWorkerEvent?.(type, worker);
      publishView();
    },
    onJoin: (worker) => {
      preflight(worker.name).catch((e: Error) => log(`preflight ${worker.name}: ${e.message}`));
    },
  });

  const preflight = async (name: string) => {
    const probes = await writeProbes(options.folders(), name);
    try {
      const answer = new Promise<{ ok: boolean; failures: PreflightFailure[] }>((resolve) => {
        preflights.set(probes.token, (ok, failures) => resolve({ ok, failures }));
        setTimeout(
          () =>
            resolve({
              ok: false,
              failures: [{ folder: '', message: `worker "${name}" did not answer the preflight` }],
            }),
          options.preflightTimeoutMs ?? 15_000,
        ).unref?.();
      });
      command({ type: 'preflight', worker: name, token: probes.token, checks: probes.checks });
      const result = await answer;
      registry.preflight(name, result.ok, result.failures);
      publishView();
      for (const f of result.failures) log(`preflight failed: ${f.message}; it gets no work until fixed`);
    } finally {
      preflights.delete(probes.token);
      await probes.remove();
    }
  };

  sub.on('message', (channel: string, raw: string) => {
    if (channel !== WORKER_CHANNEL) return;
    const message = parseWorkerMessage(raw);
    if (!message) return;
    if (message.type === 'hello') registry.hello(message.worker);
    else if (message.type === 'heartbeat') registry.heartbeat(message.worker, message.jobs);
    else if (message.type === 'bye') registry.bye(message.worker);
    else preflights.get(message.token)?.(message.ok, message.failures);
  });
  await sub.subscribe(WORKER_CHANNEL);
  command({ type: 'who' });

  // Redis says nothing when it is flushed or restarted empty; comparing in-flight encodes with it is the only way.
  const reconcile = setInterval(() => {
    for (const id of remote.inFlight())
      remote.reconcile(id).catch((e: Error) => log(`reconcile ${id}: ${e.message}`));
  }, options.reconcileMs ?? 5000);
  reconcile.unref?.();
  // Published for `bvp status` (another process) on every change and each heartbeat period; it expires if this
  // coordinator stops publishing.
  function publishView(): void {
    const view = JSON.stringify({ at: Date.now(), workers: registry.list() });
    pub.set(WORKERS_VIEW_KEY, view, 'PX', heartbeatMs * 5).catch(() => {});
  }
  const viewTimer = setInterval(publishView, heartbeatMs);
  viewTimer.unref?.();

  return {
    encoder: remote.encoder,
    workers: () => registry.list(),
    warnings,
    async close() {
      clearInterval(reconcile);
      clearInterval(viewTimer);
      await pub.del(WORKERS_VIEW_KEY).catch(() => {});
      registry.close();
      await Promise.allSettled([events.close(), queue.close()]);
      await Promise.allSettled([quit(sub), quit(pub), quit(eventsConnection)]);
    },
  };
}

async function quit(redis: Redis): Promise<void> {
  await redis.quit().catch(() => redis.disconnect());
}

async function withTimeout<T>(work: Promise<T>, ms: number, where: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new BvpError(
            'config.invalid',
            `cluster.redis ${where}: no answer from Redis within ${ms / 1000} s`,
          ),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
