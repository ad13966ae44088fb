import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LagReading {
  /** Seconds; null before any sample. */
  p50: number | null;
  p99: number | null;
  max: number | null;
}

export interface LagMonitor {
  /** Lag since the previous read (each scrape sees its own interval), then starts a new interval. */
  read(): LagReading;
  stop(): void;
}

/**
 * Event-loop delay from node:perf_hooks (Node and Deno both implement monitorEventLoopDelay). Where it is missing or
 * throws, readings are null rather than the service failing to start over a metric.
 */
export function createLagMonitor(resolutionMs = 20): LagMonitor {
  let histogram: ReturnType<typeof monitorEventLoopDelay> | null = null;
  try {
    histogram = monitorEventLoopDelay({ resolution: resolutionMs });
    histogram.enable();
  } catch {
    histogram = null;
  }
  const seconds = (ns: number) => (Number.isFinite(ns) && ns > 0 ? ns / 1e9 : null);
  return {
    read() {
      if (!histogram || histogram.count === 0) return { p50: null, p99: null, max: null };
      const reading = {
        p50: seconds(histogram.percentile(50)),
        p99: seconds(histogram.percentile(99)),
        max: seconds(histogram.max),
      };
      histogram.reset();
      return reading;
    },
    stop() {
      histogram?.disable();
    },
  };
}
