import type { JobRecord, JobResult } from '../../machines/types.ts';
import type { JobEvent } from '../store/types.ts';
import type { JobDetailView, JobView } from './types.ts';

/** The public shape of a job: a projection of a JobRecord (from an actor snapshot or a store row). */
export function toJobView(record: JobRecord, phase: string | null = null): JobView {
  return {
    id: record.id,
    status: record.status,
    phase: record.status === 'running' || record.status === 'paused' ? phase : null,
    source: { path: record.source.path, size: record.source.size, mtimeMs: record.source.mtimeMs },
    outputPath: record.result?.outputPath ?? record.outputPath,
    profile: record.profile.name,
    priority: record.priority,
    attempts: record.attempts,
    progress: record.progress,
    error: record.error,
    result: withoutLog(record.result),
    origin: record.origin,
    createdAt: record.createdAt,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    updatedAt: record.updatedAt,
  };
}

export function toJobDetailView(
  record: JobRecord,
  extras: { phase: string | null; ffmpegArgs: string[] | null; timeline: readonly JobEvent[] },
): JobDetailView {
  return {
    ...toJobView(record, extras.phase),
    overrides: record.overrides,
    profileSettings: record.profile,
    sourceAction: record.sourceAction,
    collision: record.collision,
    ffmpegArgs: extras.ffmpegArgs ?? record.result?.ffmpegArgs ?? null,
    timeline: extras.timeline.map((e) => ({ at: e.at, type: e.type, data: e.data })),
  };
}

// The stderr tail is for the job's log endpoint; every view and stream message stays small without it.
function withoutLog(result: JobResult | null): JobResult | null {
  if (!result || result.stderrTail === undefined) return result;
  const { stderrTail: _tail, ...rest } = result;
  return rest;
}
