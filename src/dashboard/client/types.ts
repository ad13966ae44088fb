import type { JobStatus } from '../../../machines/types.ts';
import type {
  HistoryPage,
  JobDetailView,
  JobView,
  QueueCounts,
  QueueView,
  StatsView,
  StatusView,
} from '../../service/types.ts';

export type { HistoryPage, JobDetailView, JobStatus, JobView, QueueCounts, QueueView, StatusView };

/** /status as it may come: newer servers add `paused`/`running` booleans beside `state`. */
export type StatusData = StatusView & { paused?: boolean; running?: boolean };

/** /stats, with the completed/failed counts per hour of the last 24 h. */
export type StatsData = StatsView;

/** The snapshot message's data. */
export interface SnapshotData {
  status: StatusData;
  queue: QueueView;
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
