import type { JobRecord } from '../../machines/types.ts';
import { QUEUE_ROW_COLUMNS, type QueueRow, type QueueRowsView } from './queue-row-columns.ts';
import type { QueueView } from './types.ts';
import { attemptsStarted } from './views.ts';

export {
  QUEUE_ROW_COLUMNS,
  type QueueRow,
  type QueueRowColumn,
  type QueueRowsView,
} from './queue-row-columns.ts';

/** One queue row from a job's record and its place in the queue. */
export function toQueueRow(
  record: JobRecord,
  place: { priority: number; order: number; live: boolean },
  phase: string | null,
): QueueRow {
  return [
    record.id,
    record.status,
    record.status === 'running' || record.status === 'paused' ? phase : null,
    record.source.path,
    record.profile.name,
    place.priority,
    place.order,
    place.live,
    attemptsStarted(record),
    record.startedAt,
    record.progress,
  ];
}

/**
 * Rows from a full queue view, for a service that cannot list its queue's places: the list position stands in for
 * the order key and liveness is read from the status, which holds until the next snapshot.
 */
export function queueRowsFromView(view: QueueView): QueueRowsView {
  return {
    state: view.state,
    concurrency: view.concurrency,
    counts: view.counts,
    columns: QUEUE_ROW_COLUMNS,
    rows: view.jobs.map((j, i) => [
      j.id,
      j.status,
      j.phase,
      j.source.path,
      j.profile,
      j.priority,
      i,
      j.status === 'running' || (j.status === 'paused' && j.startedAt !== null),
      j.attempts,
      j.startedAt,
      j.progress,
    ]),
  };
}
