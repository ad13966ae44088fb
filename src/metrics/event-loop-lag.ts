import { clearTimeout as nodeClearTimeout, setTimeout as nodeSetTimeout } from 'node:timers';

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

/** Samples kept between two reads at most (a scrape every 30 s at 20 samples a second fits). */
const MAX_SAMPLES = 1000;

/**
 * Event-loop delay measured by a timer that notes how late it fires. Not perf_hooks' monitorEventLoopDelay: Deno
 * provides it but records nothing, and the same numbers on both runtimes matter more than sub-millisecond resolution.
 * The timer is unref'd, so it never keeps the process alive.
 */
export function createLagMonitor(intervalMs = 50): LagMonitor {
  let samples: number[] = [];
  let timer: ReturnType<typeof nodeSetTimeout> | null = null;
  let stopped = false;
  const arm = () => {
    const expected = performance.now() + intervalMs;
    timer = nodeSetTimeout(() => {
      samples.push(Math.max(0, performance.now() - expected));
      if (samples.length > MAX_SAMPLES) samples = samples.slice(-MAX_SAMPLES);
      if (!stopped) arm();
    }, intervalMs);
    timer.unref?.();
  };
  arm();
  const quantile = (sorted: number[], q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]! / 1000;
  return {
    read() {
      if (samples.length === 0) return { p50: null, p99: null, max: null };
      const sorted = [...samples].sort((a, b) => a - b);
      samples = [];
      return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted.at(-1)! / 1000 };
    },
    stop() {
      stopped = true;
      if (timer) nodeClearTimeout(timer);
    },
  };
}
