import type { JobProgress, JobStatus } from '../../../machines/types.ts';
import type { QueueRowColumn, QueueRowsView } from '../../service/queue-rows.ts';
import type {
  HistoryPage,
  JobDetailView,
  JobView,
  QueueCounts,
  QueueView,
  StatsView,
  StatusView,
} from '../../service/types.ts';

export type {
  HistoryPage,
  JobDetailView,
  JobStatus,
  JobView,
  QueueCounts,
  QueueRowsView,
  QueueView,
  StatusView,
};

/**
 * A job as the queue list keeps it: what its row and its running tile show, decoded from a snapshot row or taken
 * from an event's job view. The job's detail is fetched when it is opened.
 */
export interface QueueJob {
  id: string;
  status: JobStatus;
  phase: string | null;
  /** The source's path. */
  path: string;
  profile: string;
  priority: number;
  /** Position within a priority: lower starts first. */
  order: number;
  /** Its run is alive (running, or suspended after it started): listed before the waiting jobs. */
  live: boolean;
  attempts: number;
  startedAt: number | null;
  progress: JobProgress | null;
}

export type { QueueRowColumn };

/** /status as it may come: newer servers add `paused`/`running` booleans beside `state`. */
export type StatusData = StatusView & { paused?: boolean; running?: boolean };

/** /stats, with the completed/failed counts per hour of the last 24 h. */
export type StatsData = StatsView;

/** The snapshot message's data, as the page asks for it (`?snapshot=rows`: the queue as compact rows). */
export interface SnapshotData {
  status: StatusData;
  queue: QueueRowsView;
  history: JobView[];
}

export const STATUSES: readonly JobStatus[] = [
  'pending',
  'running',
  'paused',
  'completed',
  'failed',
  'cancelled',
];

/** A failed job the operator has not acknowledged yet. */
export interface Alert {
  id: string;
  name: string;
  message: string;
  at: number;
}
