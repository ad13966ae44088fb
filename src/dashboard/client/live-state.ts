import { batch, computed, type Signal, signal } from '@preact/signals';
import type { ConnectionPhase, StreamMessage } from '../../../machines/connection.ts';
import { baseName } from './format.ts';
import type { Alert, JobView, QueueCounts, SnapshotData, StatusData } from './types.ts';

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
 * event re-renders one row, not a list of 10,000; `order` changes only when jobs come, go or move.
 */
export interface LiveState {
  connection: Signal<ConnectionPhase>;
  status: Signal<StatusData | null>;
  queueState: Signal<'running' | 'paused'>;
  concurrency: Signal<number>;
  order: Signal<string[]>;
  jobs: Map<string, Signal<JobView>>;
  /** Recently finished jobs, newest first (the snapshot's history plus what finished since). */
  recent: Signal<JobView[]>;
  counts: Signal<QueueCounts>;
  /** Progress of the current batch: jobs finished since the queue was last empty, of all added since. */
  batch: Signal<{ done: number; total: number }>;
  alerts: Signal<Alert[]>;
  /** Bumped on every snapshot and finished job: views that fetched something refetch. */
  revision: Signal<number>;
  running: Signal<JobView[]>;
  /** Pending jobs among the rows the page shows; unlike `counts` (a debounced /status refetch), never behind them. */
  pending: Signal<number>;
  applySnapshot(message: StreamMessage): void;
  /** Returns what the page should refetch: `status` after lifecycle events, `queue` when the order may differ. */
  applyEvent(message: StreamMessage): { status: boolean; queue: boolean };
  setQueue(jobs: JobView[]): void;
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
}

export function createLiveState(): LiveState {
  const jobs = new Map<string, Signal<JobView>>();
  const order = signal<string[]>([]);
  const recent = signal<JobView[]>([]);
  const status = signal<StatusData | null>(null);
  const alerts = signal<Alert[]>([]);
  const batchProgress = signal({ done: 0, total: 0 });
  const revision = signal(0);
  const queueState = signal<'running' | 'paused'>('running');
  const concurrency = signal(1);

  const running = computed(() =>
    order.value
      .map((id) => jobs.get(id)?.value)
      .filter(
        (j): j is JobView =>
          j !== undefined && (j.status === 'running' || j.status === 'paused') && j.startedAt !== null,
      ),
  );

  function setQueue(list: JobView[]): void {
    const seen = new Set<string>();
    batch(() => {
      for (const job of list) {
        seen.add(job.id);
        const existing = jobs.get(job.id);
        if (existing) existing.value = job;
        else jobs.set(job.id, signal(job));
      }
      for (const id of [...jobs.keys()]) if (!seen.has(id)) jobs.delete(id);
      order.value = list.map((j) => j.id);
    });
  }

  function upsert(job: JobView): void {
    const existing = jobs.get(job.id);
    if (existing) existing.value = job;
    else {
      if (order.value.length === 0) batchProgress.value = { done: 0, total: 0 };
      jobs.set(job.id, signal(job));
      order.value = [...order.value, job.id];
      batchProgress.value = { ...batchProgress.value, total: batchProgress.value.total + 1 };
    }
  }

  function finish(job: JobView): void {
    if (jobs.delete(job.id)) {
      order.value = order.value.filter((id) => id !== job.id);
      batchProgress.value = { ...batchProgress.value, done: batchProgress.value.done + 1 };
    }
    recent.value = [job, ...recent.value.filter((j) => j.id !== job.id)].slice(0, 50);
    revision.value += 1;
  }

  // Recomputed when a job's signal changes, but a view reading it re-renders only when the number does.
  const pending = computed(() => order.value.filter((id) => jobs.get(id)?.value.status === 'pending').length);

  const state: LiveState = {
    connection: signal<ConnectionPhase>('connecting'),
    status,
    queueState,
    concurrency,
    order,
    jobs,
    recent,
    counts: computed(() => status.value?.counts ?? EMPTY_COUNTS),
    batch: batchProgress,
    alerts,
    revision,
    running,
    pending,
    onFailure: null,
    setQueue,
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
        setQueue(data.queue.jobs);
        const active = data.queue.jobs.length;
        if (batchProgress.value.total < active) batchProgress.value = { done: 0, total: active };
        recent.value = data.history;
        revision.value += 1;
      });
    },
    applyEvent(message) {
      const data = (message.data ?? {}) as EventData;
      const id = data.id;
      const type = message.type;
      let queue = false;
      batch(() => {
        if (type === 'job.progress' && id) {
          const job = jobs.get(id);
          if (job && data.progress)
            job.value = { ...job.value, progress: data.progress, status: data.status ?? job.value.status };
        } else if (type === 'job.phase' && id) {
          const job = jobs.get(id);
          if (job) job.value = { ...job.value, phase: data.phase ?? null };
        } else if (type === 'job.priority' && id) {
          const job = jobs.get(id);
          if (job && typeof data.priority === 'number') job.value = { ...job.value, priority: data.priority };
          queue = true;
        } else if (type === 'job.moved') {
          queue = true;
        } else if (type === 'queue.paused' || type === 'queue.resumed') {
          queueState.value = type === 'queue.paused' ? 'paused' : 'running';
        } else if (type === 'queue.concurrency' && typeof data.value === 'number') {
          concurrency.value = data.value;
        } else if (type === 'queue.cleared' && data.ids) {
          queue = true;
        } else if (data.job?.id) {
          const job = data.job;
          if (ACTIVE.has(job.status)) upsert(job);
          else finish(job);
          if (type === 'job.queued' || type === 'job.retried') queue = true;
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
      return { status: type !== 'job.progress' && type !== 'pong', queue };
    },
    acknowledge(id) {
      alerts.value = alerts.value.filter((a) => a.id !== id);
    },
  };
  return state;
}
