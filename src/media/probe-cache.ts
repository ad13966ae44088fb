import { identityKey, type SourceIdentity } from '../../machines/types.ts';
import { untilAborted } from '../until-aborted.ts';
import type { MediaInfo } from './media-info.ts';
import { type ProbeOptions, probe } from './probe.ts';
import { statSource } from './source-stat.ts';

/** How a job reads its input before encoding; transcodeFile's default is a plain ffprobe. */
export type ProbeInput = (source: SourceIdentity, signal?: AbortSignal) => Promise<MediaInfo>;

export interface ProbeCache {
  /** The input's MediaInfo: the prefetched one when it was read from this very identity, else a fresh ffprobe. */
  probeInput: ProbeInput;
  /**
   * Probes `source` in the background, so the job that encodes it next finds its MediaInfo ready instead of running
   * ffprobe between two encodes. Failures are dropped: the job probes again itself and reports its own error.
   */
  prefetch(source: SourceIdentity): void;
  /**
   * The MediaInfo someone already read for exactly this identity (the hot folder's intake probes a settled file
   * before it is queued): the job takes it instead of running ffprobe again. Kept until the job reads it.
   */
  seed(source: SourceIdentity, info: MediaInfo): void;
  /** Stops background probes and forgets everything (the service is stopping). */
  close(): void;
}

export interface ProbeCacheOptions {
  ffprobe: string;
  /** Entries kept, oldest dropped first; only the next few jobs are ever prefetched. Default 8. */
  limit?: number;
  /** Seeded entries kept (one per queued watched file until its job starts), oldest dropped first. Default 10,000. */
  seedLimit?: number;
  /** The probe itself (tests pass a counting one). */
  probeFile?: (file: string, options: ProbeOptions) => Promise<MediaInfo>;
}

/**
 * MediaInfo of the next inputs, keyed by source identity (path + size + mtime). A result is kept only if the file
 * had that identity both before and after ffprobe read it, so a file changed meanwhile is never described by a
 * stale entry — its new identity is another key, and the job's own start check refuses it anyway.
 *
 * @example
 * const probes = createProbeCache({ ffprobe });
 * probes.prefetch(nextJob.source);
 * const info = await probes.probeInput(job.source, signal); // no ffprobe if the prefetch got there
 */
export function createProbeCache(options: ProbeCacheOptions): ProbeCache {
  const limit = Math.max(1, options.limit ?? 8);
  const probeFile = options.probeFile ?? probe;
  // In flight or done; null when the prefetch failed or the file was not that identity. A null is kept too, so a
  // burst of ADDs behind an unreadable next file does not probe it again on every one of them.
  const entries = new Map<string, Promise<MediaInfo | null>>();
  const seedLimit = Math.max(0, options.seedLimit ?? 10_000);
  const seeded = new Map<string, MediaInfo>();
  let controller = new AbortController();

  const fetchInfo = async (source: SourceIdentity, signal: AbortSignal): Promise<MediaInfo | null> => {
    try {
      if (!(await hasIdentity(source))) return null;
      const info = await probeFile(source.path, { ffprobe: options.ffprobe, signal });
      return (await hasIdentity(source)) ? info : null;
    } catch {
      return null;
    }
  };

  return {
    prefetch(source) {
      const key = identityKey(source);
      if (entries.has(key) || seeded.has(key)) return;
      entries.set(key, fetchInfo(source, controller.signal));
      for (const oldest of entries.keys()) {
        if (entries.size <= limit) break;
        entries.delete(oldest);
      }
    },
    seed(source, info) {
      if (seedLimit === 0) return;
      seeded.set(identityKey(source), info);
      for (const oldest of seeded.keys()) {
        if (seeded.size <= seedLimit) break;
        seeded.delete(oldest);
      }
    },
    async probeInput(source, signal) {
      const key = identityKey(source);
      const known = seeded.get(key);
      if (known) {
        // Read for this identity; the job's own start check has just confirmed the file still has it.
        seeded.delete(key);
        return known;
      }
      const cached = entries.get(identityKey(source));
      const info = cached ? await untilAborted(cached, signal) : null;
      return info ?? probeFile(source.path, { ffprobe: options.ffprobe, signal });
    },
    close() {
      controller.abort();
      controller = new AbortController();
      entries.clear();
      seeded.clear();
    },
  };
}

/** The same test as the job's start check: size and mtime (to the millisecond) as queued. */
async function hasIdentity(source: SourceIdentity): Promise<boolean> {
  // A sequence folder counts by its frames (source-stat.ts).
  const info = await statSource(source.path);
  return (
    info.kind !== 'other' &&
    info.size === source.size &&
    Math.trunc(info.mtimeMs) === Math.trunc(source.mtimeMs)
  );
}
