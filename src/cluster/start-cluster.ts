import type { ClusterConfig } from '../config/cluster-schema.ts';
import type { Config } from '../config/types.ts';
import type { Encoder } from '../media/encoder.ts';
import { ffmpegVersion, listEncoders } from '../media/encoders.ts';
import type { PublishEvent } from '../service/events.ts';
import { type Coordinator, type CoordinatorOptions, startCoordinator } from './coordinator.ts';
import type { PreflightFolder } from './preflight.ts';
import { type ClusterWorker, startClusterWorker } from './worker.ts';
import type { WorkerView } from './worker-registry.ts';

/** What the cluster needs of the service once it exists: the timeline and the event stream. */
export interface ClusterSink {
  publish: PublishEvent;
  /** Appends a timeline entry to a job (its status unchanged). */
  note(jobId: string, type: 'interrupted', data: Record<string, unknown>): void;
}

export interface Cluster {
  encoder: Encoder;
  workers(): WorkerView[];
  warnings: string[];
  attach(sink: ClusterSink): void;
  close(): Promise<void>;
}

export interface StartClusterOptions {
  cluster: ClusterConfig;
  config: () => Config;
  ffmpeg: string;
  log: (line: string) => void;
  /** Timings for tests (heartbeats, reconcile period, the local worker's lock). */
  tuning?: Pick<CoordinatorOptions, 'heartbeatMs' | 'reconcileMs' | 'cancelWaitMs' | 'preflightTimeoutMs'> & {
    lockMs?: number;
  };
}

/** The folders every worker must reach: watch folders to read, output folders to write. */
export function clusterFolders(config: Config): PreflightFolder[] {
  return [
    ...config.watch.map((w) => ({ path: w.path, write: false })),
    ...config.watch.map((w) => ({ path: w.output, write: true })),
    { path: config.output, write: true },
  ];
}

/**
 * Cluster mode for `bvp serve`: the coordinator (Redis check, queue, worker registry, preflight) and, unless
 * `local_worker: false`, this machine's own worker named `local`. Events reach the service after `attach`.
 */
export async function startCluster(options: StartClusterOptions): Promise<Cluster> {
  let sink: ClusterSink | null = null;
  const coordinator: Coordinator = await startCoordinator({
    redis: options.cluster.redis,
    folders: () => clusterFolders(options.config()),
    ...options.tuning,
    log: (line) => options.log(`cluster: ${line}`),
    onWorkerEvent: (type, worker) => sink?.publish(type, { worker }),
    onInterrupted: (jobId, data) => {
      sink?.note(jobId, 'interrupted', { ...data });
      sink?.publish('job.interrupted', { id: jobId, ...data });
    },
  });
  for (const warning of coordinator.warnings) options.log(`cluster: ${warning}`);
  let local: ClusterWorker | null = null;
  if (options.cluster.local_worker) {
    const [version, encoders] = await Promise.all([
      ffmpegVersion(options.ffmpeg).catch(() => null),
      listEncoders(options.ffmpeg).catch(() => new Set<string>()),
    ]);
    local = await startClusterWorker({
      redis: options.cluster.redis,
      name: 'local',
      concurrency: options.config().concurrency,
      ffmpeg: options.ffmpeg,
      ffmpegVersion: version,
      encoders: [...encoders].sort(),
      lockMs: options.tuning?.lockMs,
      heartbeatMs: options.tuning?.heartbeatMs,
      log: (line) => options.log(`worker local: ${line}`),
    });
  }
  return {
    encoder: coordinator.encoder,
    workers: coordinator.workers,
    warnings: coordinator.warnings,
    attach(next) {
      sink = next;
    },
    async close() {
      await local?.stop();
      await coordinator.close();
    },
  };
}
