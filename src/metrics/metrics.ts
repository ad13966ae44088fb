import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ServiceApi, ServiceEvent } from '../service/types.ts';
import type { Store } from '../store/index.ts';
import { createLagMonitor } from './event-loop-lag.ts';
import { instrumentStore } from './instrument-store.ts';
import { createJobCountCache } from './job-count-cache.ts';
import { finishedJobOf } from './job-facts.ts';

export interface Metrics {
  /** The Prometheus text exposition format's content type. */
  readonly contentType: string;
  /** The store with every call timed into bvp_store_operation_seconds (createService's `instrumentStore`). */
  instrumentStore(store: Store): Store;
  /** Counts the service's events; reads its per-status job counts at each scrape. Returns the unsubscribe. */
  attach(service: Pick<ServiceApi, 'subscribe' | 'status'>): () => void;
  /** A live count of WebSocket clients (`stream`: which endpoint, e.g. "events"), read at each scrape. */
  countClients(stream: string, count: () => number): void;
  /** The scrape: every metric in Prometheus text format. */
  render(): Promise<string>;
  close(): void;
}

const ENCODE_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200];
const STORE_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/**
 * Prometheus metrics (prom-client; runs on Node and Deno) in a registry of their own: counters move with service
 * events, gauges are read when scraped, so nothing is computed between scrapes. The per-status job counts are
 * counted again only after a store call that can change a status (see job-count-cache.ts).
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const clientSources = new Map<string, () => number>();
  let statusOf: (() => ReturnType<ServiceApi['status']>) | null = null;
  const jobCounts = createJobCountCache<Record<string, number>>();
  const lag = createLagMonitor();
  let mediaSeconds = 0;
  let timedEncodeSeconds = 0;

  new Gauge({
    name: 'bvp_jobs',
    help: 'Jobs per status: the queue depth (pending, running, paused) and the finished jobs in the store',
    labelNames: ['status'],
    registers,
    collect() {
      const read = statusOf;
      if (!read) return;
      for (const [status, n] of Object.entries(jobCounts.read(() => read().counts))) this.set({ status }, n);
    },
  });
  const finished = new Counter({
    name: 'bvp_jobs_finished_total',
    help: 'Jobs finished since start, per outcome (completed, failed, cancelled) and profile',
    labelNames: ['outcome', 'profile'],
    registers,
  });
  const encode = new Histogram({
    name: 'bvp_encode_seconds',
    help: 'Wall-clock encode time of completed jobs',
    labelNames: ['profile'],
    buckets: ENCODE_BUCKETS,
    registers,
  });
  const media = new Counter({
    name: 'bvp_media_seconds_total',
    help: 'Seconds of media produced by completed jobs (where the duration is known)',
    labelNames: ['profile'],
    registers,
  });
  new Gauge({
    name: 'bvp_realtime_factor',
    help: 'Seconds of media encoded per second of encoding, over the jobs completed since start',
    registers,
    collect() {
      if (timedEncodeSeconds > 0) this.set(mediaSeconds / timedEncodeSeconds);
    },
  });
  const bytesIn = new Counter({
    name: 'bvp_input_bytes_total',
    help: 'Bytes read by completed jobs (source sizes)',
    labelNames: ['profile'],
    registers,
  });
  const bytesOut = new Counter({
    name: 'bvp_output_bytes_total',
    help: 'Bytes written by completed jobs (output sizes)',
    labelNames: ['profile'],
    registers,
  });
  const watchEvents = new Counter({
    name: 'bvp_watch_events_total',
    help: 'Hot-folder events: files detected, files ignored or rejected',
    labelNames: ['type'],
    registers,
  });
  const rejections = new Counter({
    name: 'bvp_intake_rejections_total',
    help: 'Files the hot folders did not queue, per reason',
    labelNames: ['reason'],
    registers,
  });
  new Gauge({
    name: 'bvp_websocket_clients',
    help: 'Connected WebSocket clients per stream',
    labelNames: ['stream'],
    registers,
    collect() {
      for (const [stream, count] of clientSources) this.set({ stream }, count());
    },
  });
  new Gauge({
    name: 'bvp_event_loop_lag_seconds',
    help: 'Event-loop delay since the previous scrape (quantile 1 = the maximum)',
    labelNames: ['quantile'],
    registers,
    collect() {
      const reading = lag.read();
      this.reset();
      if (reading.p50 !== null) this.set({ quantile: '0.5' }, reading.p50);
      if (reading.p99 !== null) this.set({ quantile: '0.99' }, reading.p99);
      if (reading.max !== null) this.set({ quantile: '1' }, reading.max);
    },
  });
  const store = new Histogram({
    name: 'bvp_store_operation_seconds',
    help: 'Duration of store calls (each a SQLite statement or transaction), per operation',
    labelNames: ['operation'],
    buckets: STORE_BUCKETS,
    registers,
  });
  const errors = new Counter({
    name: 'bvp_service_errors_total',
    help: 'service.error events (store trouble, a stopped queue, watcher failures)',
    registers,
  });

  const onEvent = (event: ServiceEvent): void => {
    if (event.type === 'file.detected') watchEvents.inc({ type: 'detected' });
    else if (event.type === 'file.ignored') {
      watchEvents.inc({ type: 'ignored' });
      rejections.inc({ reason: event.data.reason });
    } else if (event.type === 'service.error') errors.inc();
    const job = finishedJobOf(event);
    if (!job) return;
    finished.inc({ outcome: job.outcome, profile: job.profile });
    if (job.outcome !== 'completed' || !job.result) return;
    const { result } = job;
    encode.observe({ profile: job.profile }, result.encodeSeconds);
    bytesIn.inc({ profile: job.profile }, result.inputBytes);
    bytesOut.inc({ profile: job.profile }, result.outputBytes);
    if (result.durationSeconds !== null) {
      media.inc({ profile: job.profile }, result.durationSeconds);
      mediaSeconds += result.durationSeconds;
      timedEncodeSeconds += result.encodeSeconds;
    }
  };

  return {
    contentType: registry.contentType,
    instrumentStore(s) {
      jobCounts.watching();
      return instrumentStore(s, (operation, seconds) => {
        jobCounts.storeCalled(operation);
        store.observe({ operation }, seconds);
      });
    },
    attach(service) {
      statusOf = () => service.status();
      const off = service.subscribe(onEvent);
      return () => {
        off();
        statusOf = null;
      };
    },
    countClients(stream, count) {
      clientSources.set(stream, count);
    },
    render: () => registry.metrics(),
    close: () => lag.stop(),
  };
}
