import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JobRecord, SourceIdentity } from '../../machines/types.ts';
import { BvpError } from '../errors.ts';
import type { FfmpegRun } from '../media/ffmpeg-run.ts';
import { STDERR_TAIL_LINES } from '../media/ffmpeg-run-stderr.ts';
import { createPosterMaker } from '../media/poster-maker.ts';
import type { Store } from '../store/index.ts';
import type { ServiceApi } from './types.ts';

export interface JobMediaOptions {
  store: Store;
  storePath: string;
  ffmpeg: string;
  ffprobe: string;
  activeRecord: (id: string) => JobRecord | null;
  /** Cache folder (default `posters` beside the store); `prefetch`: make a job's poster as soon as it is queued. */
  posters?: { dir?: string; prefetch?: boolean };
}

export interface JobMedia {
  api: Pick<ServiceApi, 'poster' | 'jobLog'>;
  /** Live ffmpeg runs by job id: the transcode actor adds each run; `finished` drops it. */
  runs: Map<string, FfmpegRun>;
  queued(source: SourceIdentity): void;
  finished(id: string): void;
  close(): Promise<void>;
}

/** Where posters are cached when the service is not told: beside the store, or a temp folder for a memory store. */
export function defaultPosterDir(storePath: string): string {
  return storePath === ':memory:'
    ? path.join(tmpdir(), 'bvp-posters')
    : path.join(path.dirname(storePath), 'posters');
}

/**
 * The facade's per-job media: poster frames (eagerly when the service runs long — the dashboard shows a job with its
 * poster while it waits — and lazily on request otherwise) and ffmpeg's log, live or stored.
 */
export function createJobMedia(options: JobMediaOptions): JobMedia {
  const { store } = options;
  const runs = new Map<string, FfmpegRun>();
  const posters = createPosterMaker({
    dir: options.posters?.dir ?? defaultPosterDir(options.storePath),
    ffmpeg: options.ffmpeg,
    ffprobe: options.ffprobe,
  });

  const recordOf = (id: string): { record: JobRecord; active: boolean } => {
    const live = options.activeRecord(id);
    if (live) return { record: live, active: true };
    const stored = store.getJob(id);
    if (!stored) throw new BvpError('job.not_found', `no job "${id}"`, { details: { id } });
    return { record: stored, active: false };
  };

  return {
    runs,
    queued(source) {
      if (options.posters?.prefetch) posters.prefetch({ source });
    },
    finished: (id) => runs.delete(id),
    close: () => posters.close(),
    api: {
      poster(id) {
        const { record } = recordOf(id);
        // A completed job's source may have been moved or deleted by its source action; its output shows the same.
        const fallback = record.status === 'completed' ? (record.result?.outputPath ?? null) : null;
        return posters.get({ source: record.source, fallback });
      },
      jobLog(id, lines = STDERR_TAIL_LINES) {
        const { record, active } = recordOf(id);
        const run = active ? runs.get(id) : undefined;
        const all = run ? run.stderrTail() : (record.error?.stderrTail ?? record.result?.stderrTail ?? []);
        const count = Math.max(0, Math.trunc(lines));
        return { lines: count === 0 ? [] : all.slice(-count), running: active };
      },
    },
  };
}
