import type { JobResult } from '../../machines/types.ts';
import type { ServiceEvent } from '../service/events.ts';

const OUTCOMES = {
  'job.completed': 'completed',
  'job.failed': 'failed',
  'job.cancelled': 'cancelled',
} as const;

export interface FinishedJob {
  outcome: 'completed' | 'failed' | 'cancelled';
  profile: string;
  result: Pick<JobResult, 'encodeSeconds' | 'inputBytes' | 'outputBytes' | 'durationSeconds'> | null;
}

/** The facts metrics need from a job.completed / job.failed / job.cancelled event (its data carries the JobView). */
export function finishedJobOf(event: ServiceEvent): FinishedJob | null {
  if (event.type !== 'job.completed' && event.type !== 'job.failed' && event.type !== 'job.cancelled')
    return null;
  const outcome = OUTCOMES[event.type];
  const { profile, result: r } = event.data.job;
  const result = r
    ? {
        encodeSeconds: r.encodeSeconds,
        inputBytes: r.inputBytes,
        outputBytes: r.outputBytes,
        durationSeconds: r.durationSeconds ?? null,
      }
    : null;
  return { outcome, profile, result };
}
