import type { Sql } from './db.ts';

/** The operator's queue pause as stored: `since` is when it was paused, null while the queue runs. */
export interface QueuePauseState {
  paused: boolean;
  since: number | null;
}

export function getQueuePause(sql: Sql): QueuePauseState {
  const row = sql.get<{ paused: number; paused_at: number | null }>(
    'SELECT paused, paused_at FROM queue_state WHERE id = 1',
  );
  return row && row.paused === 1
    ? { paused: true, since: Number(row.paused_at) }
    : { paused: false, since: null };
}

/** Records an operator's pause (with its time) or resume; a stop's own pause is never written here. */
export function setQueuePause(sql: Sql, paused: boolean, at: number): void {
  sql.run('UPDATE queue_state SET paused = :paused, paused_at = :at WHERE id = 1', {
    paused: paused ? 1 : 0,
    at: paused ? at : null,
  });
}
