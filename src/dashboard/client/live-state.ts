import { batch, computed, type ReadonlySignal, type Signal, signal } from '@preact/signals';
import type { ConnectionPhase, StreamMessage } from '../../../machines/connection.ts';
import { baseName } from './format.ts';
import { createQueueList, queueJobOf } from './queue-list.ts';
import type { Alert, JobView, QueueCounts, QueueJob, SnapshotData, StatusData } from './types.ts';

const ACTIVE = new Set(['pending', 'running', 'paused']);
const EMPTY_COUNTS: QueueCounts = {
  pending: 0,
  running: 0,
  paused: 0,
  completed: 0,
  failed: 0,
  cancelled: 0,
};

/**
 * What the page knows of the service, kept current by the stream. Each active job has its own signal, so a progress
 * event re-renders one row, not a list of 10,000; `order` changes only when jobs come, go or move, and every event is
 * applied where it lands (queue-list.ts) instead of fetching the queue again.
 */
export interface LiveState {
  connection: Signal<ConnectionPhase>;
  status: Signal<StatusData | null>;
  queueState: Signal<'running' | 'paused'>;
  concurrency: Signal<number>;
  order: ReadonlySignal<string[]>;
  jobs: ReadonlyMap<string, Signal<QueueJob>>;
  /** Recently finished jobs, newest first (the snapshot's history plus what finished since). */
  recent: Signal<JobView[]>;
  counts: ReadonlySignal<QueueCounts>;
  /** Progress of the current batch: jobs finished since the queue was last empty, of all added since. */
  batch: Signal<{ done: number; total: number }>;
  alerts: Signal<Alert[]>;
  /** Bumped on every snapshot and finished job: views that fetched something refetch. */
  revision: Signal<number>;
  running: ReadonlySignal<QueueJob[]>;
  /** Pending jobs among the rows the page shows; unlike `counts` (a coalesced /status refetch), never behind them. */
  pending: ReadonlySignal<number>;
  applySnapshot(message: StreamMessage): void;
  /**
   * Returns what the page should do next: refetch `status` after lifecycle events, or ask for a fresh snapshot
   * (`resync`) after an event that cannot be applied on its own.
   */
  applyEvent(message: StreamMessage): { status: boolean; resync: boolean };
  setStatus(status: StatusData): void;
  acknowledge(id: string): void;
  onFailure: ((alert: Alert) => void) | null;
}

interface EventData {
  id?: string;
  job?: JobView;
  progress?: JobView['progress'];
  phase?: string;
  status?: JobView['status'];
  ids?: string[];
  value?: number;
  priority?: number;
  order?: number;
}

/** Events that change nothing the status line shows. */
const QUIET = new Set(['job.progress', 'job.phase', 'pong']);

export function createLiveState(): LiveState {
  const list = createQueueList();
  const recent = signal<JobView[]>([]);
  const status = signal<StatusData | null>(null);
  const alerts = signal<Alert[]>([]);
  const batchProgress = signal({ done: 0, total: 0 });
  const revision = signal(0);
  const queueState = signal<'running' | 'paused'>('running');
  const concurrency = signal(1);

  function upsert(job: JobView, order: number | undefined): boolean {
    const known = list.jobs.get(job.id)?.peek();
    if (!known) {
      if (list.order.peek().length === 0) batchProgress.value = { done: 0, total: 0 };
      batchProgress.value = { ...batchProgress.value, total: batchProgress.value.total + 1 };
    }
    list.put(queueJobOf(job, known, order));
    // A job met for the first time without its place (not queued, not retried): the list cannot know where it goes.
    return known !== undefined || order !== undefined;
  }

  function finish(job: JobView): void {
    if (list.remove([job.id]) > 0) {
      batchProgress.value = { ...batchProgress.value, done: batchProgress.value.done + 1 };
    }
    recent.value = [job, ...recent.value.filter((j) => j.id !== job.id)].slice(0, 50);
    revision.value += 1;
  }

  const state: LiveState = {
    connection: signal<ConnectionPhase>('connecting'),
    status,
    queueState,
    concurrency,
    order: list.order,
    jobs: list.jobs,
    recent,
    counts: computed(() => status.value?.counts ?? EMPTY_COUNTS),
    batch: batchProgress,
    alerts,
    revision,
    running: list.running,
    pending: list.pending,
    onFailure: null,
    setStatus(next) {
      batch(() => {
        status.value = next;
        queueState.value = next.paused === true || next.state === 'paused' ? 'paused' : 'running';
        concurrency.value = next.concurrency;
      });
    },
    applySnapshot(message) {
      const data = message.data as SnapshotData;
      batch(() => {
        state.setStatus(data.status);
        queueState.value = data.queue.state;
        concurrency.value = data.queue.concurrency;
        list.load(data.queue);
        const active = data.queue.rows.length;
        if (batchProgress.value.total < active) batchProgress.value = { done: 0, total: active };
        recent.value = data.history;
        revision.value += 1;
      });
    },
    applyEvent(message) {
      const data = (message.data ?? {}) as EventData;
      const id = data.id;
      const type = message.type;
      let resync = type === 'queue.restored';
      batch(() => {
        if (type === 'job.progress' && id) {
          if (data.progress)
            list.patch(id, { progress: data.progress, ...(data.status ? { status: data.status } : {}) });
        } else if (type === 'job.phase' && id) {
          list.patch(id, { phase: data.phase ?? null });
        } else if ((type === 'job.priority' || type === 'job.moved') && id) {
          const change: { priority?: number; order?: number } = {};
          if (typeof data.priority === 'number') change.priority = data.priority;
          if (typeof data.order === 'number') change.order = data.order;
          list.patch(id, change);
        } else if (type === 'queue.paused' || type === 'queue.resumed') {
          queueState.value = type === 'queue.paused' ? 'paused' : 'running';
        } else if (type === 'queue.concurrency' && typeof data.value === 'number') {
          concurrency.value = data.value;
        } else if (type === 'queue.cleared' && data.ids) {
          const cleared = list.remove(data.ids);
          batchProgress.value = { ...batchProgress.value, done: batchProgress.value.done + cleared };
          revision.value += 1;
        } else if (data.job?.id) {
          const job = data.job;
          if (ACTIVE.has(job.status)) resync ||= !upsert(job, data.order);
          else finish(job);
          if (type === 'job.failed') {
            const alert: Alert = {
              id: job.id,
              name: baseName(job.source.path),
              message: job.error?.message ?? 'failed',
              at: message.at,
            };
            alerts.value = [...alerts.value.filter((a) => a.id !== job.id), alert];
            state.onFailure?.(alert);
          }
        }
      });
      return { status: !QUIET.has(type), resync };
    },
    acknowledge(id) {
      alerts.value = alerts.value.filter((a) => a.id !== id);
    },
  };
  return state;
}
