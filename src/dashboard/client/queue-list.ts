import { batch, computed, type ReadonlySignal, type Signal, signal } from '@preact/signals';
import { QUEUE_ROW_COLUMNS } from '../../service/queue-row-columns.ts';
import type { JobView, QueueJob, QueueRowColumn, QueueRowsView } from './types.ts';

/**
 * The queue as the page lists it, kept in the server's order by applying each event where it lands: live jobs
 * first (in the order they became live), then the waiting ones by priority (higher first), then `order`. A new or
 * moved job is placed by binary search and a progress event touches one job's signal, so no event costs work in
 * proportion to the 10,000 jobs the list may hold; only a snapshot replaces everything.
 */
export interface QueueList {
  /** Job ids in the order the queue lists them; changes only when a job comes, goes or moves. */
  order: ReadonlySignal<string[]>;
  /** One signal per job, so a progress event re-renders that job's row alone. */
  jobs: ReadonlyMap<string, Signal<QueueJob>>;
  /** Jobs waiting to start (status pending), counted as they change. */
  pending: ReadonlySignal<number>;
  /** The live jobs (running, or suspended after they started), from the front of the list. */
  running: ReadonlySignal<QueueJob[]>;
  /** Replaces everything with a snapshot's rows. */
  load(view: Pick<QueueRowsView, 'columns' | 'rows'>): void;
  /** Adds a job or replaces a known one, and moves it if its place changed. */
  put(job: QueueJob): void;
  /** Changes fields of a known job (false when it is not listed). */
  patch(id: string, change: Partial<Omit<QueueJob, 'id'>>): boolean;
  /** Drops jobs from the list; returns how many were listed. */
  remove(ids: Iterable<string>): number;
}

/** Snapshot rows to jobs, by column name (a newer server may append columns). */
export function decodeRows(view: Pick<QueueRowsView, 'columns' | 'rows'>): QueueJob[] {
  const at = new Map<string, number>(view.columns.map((c, i) => [c, i]));
  const col = (name: QueueRowColumn) => at.get(name) ?? -1;
  const [id, status, phase, path, profile, priority, order, live, attempts, startedAt, progress] =
    QUEUE_ROW_COLUMNS.map(col);
  return view.rows.map((r, i) => {
    const row = r as unknown[];
    const get = <T>(index: number, fallback: T): T =>
      index < 0 ? fallback : ((row[index] as T) ?? fallback);
    return {
      id: get(id, ''),
      status: get(status, 'pending'),
      phase: get(phase, null),
      path: get(path, ''),
      profile: get(profile, ''),
      priority: get(priority, 0),
      order: get(order, i),
      live: get(live, false),
      attempts: get(attempts, 0),
      startedAt: get(startedAt, null),
      progress: get(progress, null),
    };
  });
}

/**
 * A job view from an event as a list entry. `order` comes with the events that place a job (queued, retried, moved);
 * other events keep the place it had. A job is live while it runs, stops being live when it waits again, and a pause
 * keeps what it was (a pause of a running job suspends its run; a pause of a waiting job holds it in its place).
 */
export function queueJobOf(view: JobView, previous: QueueJob | undefined, order?: number): QueueJob {
  const live =
    view.status === 'running' || (view.status === 'paused' && (previous?.live ?? view.startedAt !== null));
  return {
    id: view.id,
    status: view.status,
    phase: view.phase,
    path: view.source.path,
    profile: view.profile,
    priority: view.priority,
    order: order ?? previous?.order ?? Number.MAX_SAFE_INTEGER,
    live,
    attempts: view.attempts,
    startedAt: view.startedAt,
    progress: view.progress,
  };
}

/** Whether waiting job `a` starts before waiting job `b`: the queue's dispatch order. */
export function startsBefore(a: QueueJob, b: QueueJob): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.order !== b.order) return a.order < b.order;
  return a.id < b.id;
}

export function createQueueList(): QueueList {
  const jobs = new Map<string, Signal<QueueJob>>();
  const order = signal<string[]>([]);
  const pending = signal(0);
  const peek = (id: string | undefined) => (id === undefined ? undefined : jobs.get(id)?.peek());

  const running = computed(() => {
    const out: QueueJob[] = [];
    for (const id of order.value) {
      const job = jobs.get(id)?.value;
      if (!job?.live) break;
      out.push(job);
    }
    return out;
  });

  /** Where `job` belongs in `ids` (which must not hold it). */
  function placeIn(ids: readonly string[], job: QueueJob): number {
    let live = 0;
    while (live < ids.length && peek(ids[live])?.live) live++;
    if (job.live) return live;
    let low = live;
    let high = ids.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const other = peek(ids[mid]);
      if (other && startsBefore(other, job)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  function set(job: QueueJob): void {
    const existing = jobs.get(job.id);
    const was = existing?.peek();
    pending.value += (job.status === 'pending' ? 1 : 0) - (was?.status === 'pending' ? 1 : 0);
    if (existing) existing.value = job;
    else jobs.set(job.id, signal(job));
    // What places a job did not change (progress, phase, status within the same place): the list stays as it is.
    if (was && was.live === job.live && was.priority === job.priority && was.order === job.order) return;
    const ids = order.peek();
    const index = was ? ids.indexOf(job.id) : -1;
    const rest = index >= 0 ? ids.slice(0, index).concat(ids.slice(index + 1)) : ids.slice();
    rest.splice(placeIn(rest, job), 0, job.id);
    order.value = rest;
  }

  return {
    order,
    jobs,
    pending,
    running,
    load(view) {
      const list = decodeRows(view);
      batch(() => {
        const seen = new Set<string>();
        let waiting = 0;
        for (const job of list) {
          seen.add(job.id);
          if (job.status === 'pending') waiting++;
          const existing = jobs.get(job.id);
          if (existing) existing.value = job;
          else jobs.set(job.id, signal(job));
        }
        for (const id of [...jobs.keys()]) if (!seen.has(id)) jobs.delete(id);
        order.value = list.map((j) => j.id);
        pending.value = waiting;
      });
    },
    put(job) {
      batch(() => set(job));
    },
    patch(id, change) {
      const current = jobs.get(id)?.peek();
      if (!current) return false;
      batch(() => set({ ...current, ...change }));
      return true;
    },
    remove(ids) {
      const gone = new Set<string>();
      let waiting = 0;
      for (const id of ids) {
        const job = jobs.get(id)?.peek();
        if (!job || gone.has(id)) continue;
        gone.add(id);
        if (job.status === 'pending') waiting++;
        jobs.delete(id);
      }
      if (gone.size === 0) return 0;
      batch(() => {
        order.value = order.peek().filter((id) => !gone.has(id));
        pending.value -= waiting;
      });
      return gone.size;
    },
  };
}
