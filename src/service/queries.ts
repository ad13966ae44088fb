import type { Actor } from 'xstate';
import { jobRecordOf } from '../../machines/job.ts';
import {
  type queueMachine,
  selectCounts,
  selectJobs,
  selectJobsInDispatchOrder,
} from '../../machines/queue.ts';
import type { JobRecord } from '../../machines/types.ts';
import { BvpError } from '../errors.ts';
import type { Store } from '../store/index.ts';
import { QUEUE_ROW_COLUMNS, type QueueRowsView, toQueueRow } from './queue-rows.ts';
import type { JobDetailView, QueueCounts, QueueView, ServiceApi, StatsView, StatusView } from './types.ts';
import { toJobDetailView, toJobView } from './views.ts';

export interface QueryDeps {
  store: Store;
  actor: Actor<typeof queueMachine>;
  started: number;
  now: () => number;
  activeRecord: (id: string) => JobRecord | null;
  phaseOf: (id: string) => string | null;
  isStopping: () => boolean;
  /** When the operator paused the queue (kept across restarts), or null while it runs. */
  pausedSince: () => number | null;
}

/** Read-only views: the live queue from actor snapshots, history and stats from the store. */
export function createQueries(
  deps: QueryDeps,
): Pick<ServiceApi, 'queue' | 'history' | 'getJob' | 'stats' | 'status'> & { queueRows(): QueueRowsView } {
  const { store, actor } = deps;

  /** Live counts for active jobs, stored counts for finished ones (the queue keeps only active jobs). */
  const counts = (): QueueCounts => {
    const live = selectCounts(actor.getSnapshot());
    const stored = store.countByStatus();
    return {
      pending: live.pending,
      running: live.running,
      paused: live.paused,
      completed: stored.completed,
      failed: stored.failed,
      cancelled: stored.cancelled,
    };
  };

  // Running (and suspended) jobs first, verifying ones included, then the waiting ones in the order they start.
  const listed = (snapshot: ReturnType<typeof actor.getSnapshot>) => [
    ...selectJobs(snapshot).filter((j) => j.live),
    ...selectJobsInDispatchOrder(snapshot),
  ];

  return {
    queue(): QueueView {
      const snapshot = actor.getSnapshot();
      const jobs = listed(snapshot).map((e) =>
        toJobView(jobRecordOf(e.ref.getSnapshot()), deps.phaseOf(e.id)),
      );
      return {
        state: snapshot.matches('paused') ? 'paused' : 'running',
        concurrency: snapshot.context.concurrency,
        jobs,
        counts: counts(),
      };
    },
    queueRows(): QueueRowsView {
      const snapshot = actor.getSnapshot();
      const rows = listed(snapshot).map((e) => {
        const job = e.ref.getSnapshot();
        return toQueueRow(jobRecordOf(job), e, job.context.phase ?? null);
      });
      return {
        state: snapshot.matches('paused') ? 'paused' : 'running',
        concurrency: snapshot.context.concurrency,
        counts: counts(),
        columns: QUEUE_ROW_COLUMNS,
        rows,
      };
    },
    history(query) {
      const page = store.listHistory(query);
      return { items: page.items.map((r) => toJobView(r)), nextCursor: page.nextCursor };
    },
    getJob(id): JobDetailView {
      const live = deps.activeRecord(id);
      const record = live ?? store.getJob(id);
      if (!record) throw new BvpError('job.not_found', `no job "${id}"`, { details: { id } });
      const extras = store.getJobExtras(id);
      return toJobDetailView(record, {
        phase: live ? deps.phaseOf(id) : null,
        ffmpegArgs: extras?.ffmpegArgs ?? null,
        timeline: store.getTimeline(id),
      });
    },
    stats(query = {}): StatsView {
      const since = query.since ?? deps.now() - 24 * 3600 * 1000;
      const s = store.stats({ since });
      return {
        since,
        perStatus: s.byStatus,
        perProfile: Object.fromEntries(
          s.byProfile.map((p) => [p.profile, p.completed + p.failed + p.cancelled]),
        ),
        bytesIn: s.completed.bytesIn,
        bytesOut: s.completed.bytesOut,
        encodeSeconds: s.completed.encodeSeconds,
        mediaSeconds: s.completed.mediaSeconds,
        realtimeFactor: s.completed.realtimeFactor,
        perHour: store.perHour(deps.now()),
      };
    },
    status(): StatusView {
      const snapshot = actor.getSnapshot();
      const state = deps.isStopping() ? 'stopping' : snapshot.matches('paused') ? 'paused' : 'running';
      return {
        state,
        // The seed's names: a Play/Pause button needs only these two. Job counts are in `counts` (per job status).
        paused: state === 'paused',
        running: state === 'running',
        pausedSince: state === 'paused' ? deps.pausedSince() : null,
        concurrency: snapshot.context.concurrency,
        counts: counts(),
        uptimeSeconds: Math.round((deps.now() - deps.started) / 1000),
        watch: [],
      };
    },
  };
}
