import type { PreflightFailure, WorkerInfo } from './protocol.ts';

export type WorkerState = 'preflight' | 'ready' | 'refused' | 'lost' | 'left';

/** A worker as `GET /api/v1/workers` and `bvp status` show it. */
export interface WorkerView extends WorkerInfo {
  state: WorkerState;
  /** BullMQ ids of the encodes it runs now (from its last heartbeat). */
  jobs: string[];
  lastHeartbeat: number;
  joinedAt: number;
  preflight: { ok: boolean; failures: PreflightFailure[]; at: number } | null;
}

export type WorkerEventType = 'worker.joined' | 'worker.left' | 'worker.lost';

export interface WorkerRegistryOptions {
  /** No heartbeat for this long: the worker is lost. */
  lostAfterMs: number;
  now?: () => number;
  onEvent: (type: WorkerEventType, worker: WorkerView) => void;
  /** A worker (re)joined: the coordinator runs its preflight. */
  onJoin: (worker: WorkerView) => void;
}

export interface WorkerRegistry {
  hello(info: WorkerInfo): void;
  heartbeat(name: string, jobs: string[]): void;
  bye(name: string): void;
  preflight(name: string, ok: boolean, failures: PreflightFailure[]): void;
  list(): WorkerView[];
  close(): void;
}

/** Who encodes for this coordinator, from the workers' own announcements; a silent worker turns `lost` on a timer. */
export function createWorkerRegistry(options: WorkerRegistryOptions): WorkerRegistry {
  const now = options.now ?? Date.now;
  const workers = new Map<string, WorkerView>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const watch = (view: WorkerView) => {
    clearTimeout(timers.get(view.name));
    const timer = setTimeout(() => {
      if (view.state === 'left' || view.state === 'lost') return;
      view.state = 'lost';
      view.jobs = [];
      options.onEvent('worker.lost', { ...view });
    }, options.lostAfterMs);
    timer.unref?.();
    timers.set(view.name, timer);
  };

  const join = (view: WorkerView) => {
    view.state = 'preflight';
    view.preflight = null;
    view.joinedAt = now();
    options.onEvent('worker.joined', { ...view });
    options.onJoin({ ...view });
  };

  return {
    hello(info) {
      const known = workers.get(info.name);
      const view: WorkerView = {
        ...info,
        state: 'preflight',
        jobs: known?.jobs ?? [],
        lastHeartbeat: now(),
        joinedAt: now(),
        preflight: null,
      };
      workers.set(info.name, view);
      watch(view);
      // A "who" answered by a worker already ready (coordinator asked again) keeps it ready without a new event.
      if (known && known.state === 'ready' && known.pid === info.pid) {
        view.state = 'ready';
        view.preflight = known.preflight;
        view.joinedAt = known.joinedAt;
        return;
      }
      join(view);
    },
    heartbeat(name, jobs) {
      const view = workers.get(name);
      if (!view) return;
      view.jobs = jobs;
      view.lastHeartbeat = now();
      if (view.state === 'lost' || view.state === 'left') join(view);
      watch(view);
    },
    bye(name) {
      const view = workers.get(name);
      if (!view) return;
      clearTimeout(timers.get(name));
      view.state = 'left';
      view.jobs = [];
      options.onEvent('worker.left', { ...view });
    },
    preflight(name, ok, failures) {
      const view = workers.get(name);
      if (!view) return;
      view.preflight = { ok, failures, at: now() };
      if (view.state === 'preflight') view.state = ok ? 'ready' : 'refused';
    },
    list: () => [...workers.values()].map((w) => ({ ...w })),
    close() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
