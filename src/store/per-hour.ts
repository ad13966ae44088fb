import type { Sql } from './db.ts';

const HOUR_MS = 3_600_000;

/** Jobs that finished in one UTC clock hour. */
export interface HourCount {
  /** Start of the hour, ISO 8601 (UTC). */
  hour: string;
  completed: number;
  failed: number;
}

/**
 * Completed and failed jobs per hour for the `hours` hours ending with the current one (oldest first, every hour
 * present, empty ones as zeros), so a chart needs no gap filling. Walks the history index on finished_at.
 */
export function perHour(sql: Sql, now: number, hours = 24): HourCount[] {
  const current = Math.floor(now / HOUR_MS);
  const first = current - hours + 1;
  const rows = sql.all<{ h: number; completed: number; failed: number }>(
    `SELECT finished_at / ${HOUR_MS} AS h,
       SUM(status = 'completed') AS completed,
       SUM(status = 'failed') AS failed
     FROM jobs
     WHERE finished_at IS NOT NULL AND finished_at >= :since
     GROUP BY h`,
    { since: first * HOUR_MS },
  );
  const byHour = new Map(rows.map((r) => [Number(r.h), r]));
  const out: HourCount[] = [];
  for (let h = first; h <= current; h++) {
    const row = byHour.get(h);
    out.push({
      hour: new Date(h * HOUR_MS).toISOString(),
      completed: Number(row?.completed ?? 0),
      failed: Number(row?.failed ?? 0),
    });
  }
  return out;
}
