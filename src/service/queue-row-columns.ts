import type { JobProgress, JobStatus } from '../../machines/types.ts';
import type { QueueCounts } from './types.ts';

/**
 * The queue as rows for a list: only what a queue row shows, each job as an array under named columns (like a CSV
 * with its header), so 10,000 queued jobs stream as about 1 MB instead of 4 MB of full job views. A job's detail is
 * fetched on demand (`GET /api/v1/jobs/{id}`). New columns are only ever appended; a client reads them by name.
 */
export const QUEUE_ROW_COLUMNS = [
  'id',
  'status',
  'phase',
  'path',
  'profile',
  'priority',
  'order',
  'live',
  'attempts',
  'startedAt',
  'progress',
] as const;

export type QueueRowColumn = (typeof QUEUE_ROW_COLUMNS)[number];

export type QueueRow = [
  id: string,
  status: JobStatus,
  phase: string | null,
  /** The source's path. */
  path: string,
  profile: string,
  priority: number,
  /** Position within a priority: lower starts first (the key `job.queued`, `job.moved` and `job.retried` carry). */
  order: number,
  /** Its run is alive (running, or suspended after it started): listed before the waiting jobs. */
  live: boolean,
  attempts: number,
  startedAt: number | null,
  progress: JobProgress | null,
];

export interface QueueRowsView {
  state: 'running' | 'paused';
  concurrency: number;
  counts: QueueCounts;
  columns: readonly QueueRowColumn[];
  /** In the order the queue lists them: live jobs first, then the waiting ones in the order they start. */
  rows: QueueRow[];
}
