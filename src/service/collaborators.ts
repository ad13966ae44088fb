import type { TranscodeLogic } from '../../machines/job.ts';
import type { FfmpegRun } from '../media/ffmpeg-run.ts';
import { createProbeCache, type ProbeCache, type ProbeInput } from '../media/probe-cache.ts';
import { createTranscodeActor } from '../media/transcode-actor.ts';
import { openWriterFinder } from '../runtime/open-writers.ts';
import type { Store } from '../store/index.ts';
import { openLockedStore } from '../store/instance-lock.ts';
import type { ServiceListener } from './events.ts';
import type { ServiceOptions } from './service-options.ts';

/** What the service hands the transcode logic it is given: its own bookkeeping of each run. */
export interface TranscodeHooks {
  /** Receives each job's whole run; the service's stop waits for every tracked run before closing the store. */
  track: (work: Promise<void>) => void;
  /** Each job's live run by job id (the job log reads its stderr tail from here). */
  runs: Map<string, FfmpegRun>;
  /** The service's probe cache: the input probed once, ahead of its encode when the queue can. */
  probeInput: ProbeInput;
  now: () => number;
}

/**
 * The actor the job machine invokes to run one job (see TranscodeInput in machines/types.ts): the local ffmpeg by
 * default, an in-memory one in tests, a remote worker in a cluster.
 */
export type TranscodeFactory = (hooks: TranscodeHooks) => TranscodeLogic;

/** The service's collaborators: everything it talks to outside its own queue. */
export interface ServiceCollaborators {
  /** The opened store (locked against a second instance); the service closes it at stop. */
  store: Store;
  /** Releases the instance lock after the store closed. */
  release?: () => void;
  probes: ProbeCache;
  transcode: TranscodeFactory;
  now: () => number;
  /** Receives every event from the first one on (boot's included), before any later subscriber. */
  sink?: ServiceListener;
}

/**
 * The collaborators built from the options' paths — the store file, ffprobe, the local ffmpeg — for those
 * `given` leaves out. The one place they are opened: src/app.ts (`bvp serve`) and `bvp run` build through here, and
 * a test gives the collaborator it swaps (an in-memory transcode, a counting probe) and takes the rest.
 */
export function openCollaborators(
  options: ServiceOptions,
  given: Partial<ServiceCollaborators> = {},
): ServiceCollaborators {
  const now = given.now ?? options.now ?? Date.now;
  let store = given.store;
  let release = given.release;
  if (!store) {
    // Locked before recovery runs: a second instance on this store must touch nothing (see instance-lock.ts).
    const opened = openLockedStore(options.storePath, { synchronous: options.synchronous, now });
    store = options.instrumentStore ? options.instrumentStore(opened.store) : opened.store;
    release = opened.lock ? () => opened.lock?.release() : undefined;
  }
  const transcode =
    given.transcode ??
    ((hooks: TranscodeHooks) =>
      createTranscodeActor({
        ffmpeg: options.ffmpeg,
        ffprobe: options.ffprobe,
        stallSeconds: options.stallSeconds,
        now: hooks.now,
        track: hooks.track,
        probeInput: hooks.probeInput,
        runs: hooks.runs,
        openWriters: options.openWriters ?? openWriterFinder().find,
        encoder: options.encoder,
      }));
  return {
    store,
    release,
    probes: given.probes ?? createProbeCache({ ffprobe: options.ffprobe }),
    transcode,
    now,
    sink: given.sink,
  };
}
