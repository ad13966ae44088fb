import type { JobResult } from '../../machines/types.ts';
import type { ServiceEvent } from '../service/types.ts';

export interface FinishedJob {
  outcome: 'completed' | 'failed' | 'cancelled';
  profile: string;
  result: Pick<JobResult, 'encodeSeconds' | 'inputBytes' | 'outputBytes' | 'durationSeconds'> | null;
}

const OUTCOMES = {
  'job.completed': 'completed',
  'job.failed': 'failed',
  'job.cancelled': 'cancelled',
} as const;

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** The facts metrics need from a job.completed / job.failed / job.cancelled event (its data carries the JobView). */
export function finishedJobOf(event: ServiceEvent): FinishedJob | null {
  const outcome = OUTCOMES[event.type as keyof typeof OUTCOMES];
  if (!outcome) return null;
  const job = event.data.job as { profile?: unknown; result?: Record<string, unknown> | null } | undefined;
  const profile = typeof job?.profile === 'string' ? job.profile : 'unknown';
  const r = job?.result;
  const result =
    r && isNumber(r.encodeSeconds) && isNumber(r.inputBytes) && isNumber(r.outputBytes)
      ? {
          encodeSeconds: r.encodeSeconds,
          inputBytes: r.inputBytes,
          outputBytes: r.outputBytes,
          durationSeconds: isNumber(r.durationSeconds) ? r.durationSeconds : null,
        }
      : null;
  return { outcome, profile, result };
}
