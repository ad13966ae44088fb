import type { SourceIdentity } from '../../machines/types.ts';
import type { InspectableService, InspectCallback } from '../inspect/inspectable.ts';
import type { Encoder } from '../media/encoder.ts';
import type { ProfileRegistry } from '../profiles/registry.ts';
import type { FindOpenWriters } from '../runtime/open-writers.ts';
import type { Store } from '../store/index.ts';
import type { PublishEvent } from './events.ts';
import type { JobMediaOptions } from './job-media.ts';
import type { ServiceApi } from './types.ts';

export interface ServiceOptions {
  /** SQLite file (created with its folder), or ':memory:' for one-shot runs. */
  storePath: string;
  ffmpeg: string;
  ffprobe: string;
  profiles?: ProfileRegistry;
  concurrency?: number;
  maxAttempts?: number;
  /** Waits before the automatic retries of a transient failure (default 10 s doubling to 5 min; tests shorten it). */
  retryBackoff?: { baseMs: number; maxMs?: number };
  stallSeconds?: number;
  shutdownGraceSeconds?: number;
  /** Default output folder for submissions that name no output. */
  outputDir?: string;
  /**
   * Encoders of the ffmpeg in use (listEncoders), read once at start: a job whose profile needs one it lacks is
   * refused at submit. Absent (tests, an unreadable list): nothing is refused for that reason. A promise lets the
   * listing (an ffmpeg run) overlap the rest of the start; submit waits for it.
   */
  encoders?: ReadonlySet<string> | null | Promise<ReadonlySet<string> | null>;
  /** Durability of the store: 'full' (default) survives a power cut; 'normal' is for tests and benchmarks. */
  synchronous?: 'full' | 'normal';
  now?: () => number;
  /** XState's inspection callback for the queue's actor system (jobs included); see src/inspect/inspect-hub.ts. */
  inspect?: InspectCallback;
  posters?: JobMediaOptions['posters'];
  /** Who has a source open for writing; default the platform's way (src/runtime/open-writers.ts). */
  openWriters?: FindOpenWriters;
  /** Wraps the store once opened (metrics time every call). */
  instrumentStore?: (store: Store) => Store;
  /** How encodes run: local ffmpeg (default) or remote workers (cluster mode, src/cluster/). */
  encoder?: Encoder;
}

export interface Service extends ServiceApi, InspectableService {
  readonly store: Store;
  /** Whether this source identity was already queued or processed (across restarts). */
  hasSeen(identity: SourceIdentity): boolean;
  /** Publishes an event from outside the queue (watcher: file.detected, file.ignored; config.updated). */
  publish: PublishEvent;
  /** False once the queue actor died; /health reports it. */
  isHealthy(): boolean;
  /** Custom profiles after a config reload; queued jobs keep the profile they were created with. */
  setProfiles(registry: ProfileRegistry): void;
}
