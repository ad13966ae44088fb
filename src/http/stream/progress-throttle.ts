import { jobIdOf, type ServiceEvent } from '../../service/events.ts';

/** After these a job sends nothing more until a retry, so its throttle state can go. */
const FINAL_EVENTS = new Set(['job.completed', 'job.failed', 'job.cancelled']);

export interface ProgressThrottle {
  push(event: ServiceEvent): void;
  close(): void;
}

/**
 * Lets at most one job.progress per job through per interval; progress arriving in between is coalesced (the latest
 * wins) and sent when the interval is up. Any other event of that job drops a waiting progress, so a stale percentage
 * never arrives after job.completed.
 */
export function createProgressThrottle(
  emit: (event: ServiceEvent) => void,
  intervalMs: number,
  now: () => number = Date.now,
): ProgressThrottle {
  const lastSent = new Map<string, number>();
  const waiting = new Map<string, { event: ServiceEvent; timer: ReturnType<typeof setTimeout> }>();

  function dropWaiting(id: string): void {
    const entry = waiting.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    waiting.delete(id);
  }

  function flush(id: string): void {
    const entry = waiting.get(id);
    waiting.delete(id);
    if (!entry) return;
    lastSent.set(id, now());
    emit(entry.event);
  }

  return {
    push(event) {
      const id = jobIdOf(event);
      if (id === null) return emit(event);
      if (event.type !== 'job.progress') {
        dropWaiting(id);
        if (FINAL_EVENTS.has(event.type)) lastSent.delete(id);
        return emit(event);
      }
      const entry = waiting.get(id);
      if (entry) {
        entry.event = event;
        return;
      }
      const at = now();
      const last = lastSent.get(id);
      if (last === undefined || at - last >= intervalMs) {
        lastSent.set(id, at);
        return emit(event);
      }
      const timer = setTimeout(() => flush(id), intervalMs - (at - last));
      waiting.set(id, { event, timer });
    },
    close() {
      for (const id of [...waiting.keys()]) dropWaiting(id);
      lastSent.clear();
    },
  };
}
