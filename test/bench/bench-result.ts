import { pathToFileURL } from 'node:url';

/**
 * What every bench file returns from `run()`. bin/run-bench.js imports each `test/bench/<name>.bench.ts` in its own
 * process, calls `run()`, and renders the results into BENCHMARKS.md, so adding a figure is only a new bench file.
 *
 * `id` is the stable key: a result replaces the planned row with the same id (see PLANNED_FIGURES) and the row of
 * an earlier run when only some bench files are run again.
 */
export interface BenchResult {
  /** Stable key, e.g. `queue.add`; dotted, lower-case. */
  id: string;
  /** The issue whose "Must show" list asks for the figure. */
  issue: number;
  /** The figure as a reader says it ("ADD with 10,000 pending jobs"). */
  name: string;
  unit: 'ms' | 's' | 'x' | 'MB' | 'KB' | 'count';
  median: number | null;
  p99: number | null;
  samples: number;
  /** Null for an informational figure that has no target. */
  target: BenchTarget | null;
  /** Null when there is no target or the figure could not be measured. */
  pass: boolean | null;
  /** What the figure includes or leaves out; shown under the table. */
  note?: string;
}

export interface BenchTarget {
  /** Which statistic the target applies to. */
  stat: 'median' | 'p99';
  op: '<' | '<=';
  value: number;
}

/** Figures other issues ask for; shown as "not yet measured" until a bench file returns a result with the id. */
export const PLANNED_FIGURES: readonly Pick<BenchResult, 'id' | 'issue' | 'name' | 'unit' | 'target'>[] = [
  {
    id: 'watch.detect-latency',
    issue: 4,
    name: 'Detection latency (file renamed into the folder → ffmpeg spawned), stable_seconds 1',
    unit: 's',
    target: { stat: 'median', op: '<=', value: 1.3 },
  },
  {
    id: 'watch.burst-10k',
    issue: 4,
    name: 'Burst of 10,000 files: all queued or rejected',
    unit: 's',
    target: { stat: 'median', op: '<', value: 15 },
  },
  {
    id: 'watch.burst-10k-rss',
    issue: 4,
    name: 'Burst of 10,000 files: peak RSS',
    unit: 'MB',
    target: { stat: 'median', op: '<', value: 250 },
  },
  {
    id: 'http.queue',
    issue: 5,
    name: 'GET /api/v1/queue with 10,000 jobs in the store',
    unit: 'ms',
    target: { stat: 'p99', op: '<', value: 20 },
  },
  {
    id: 'http.history',
    issue: 5,
    name: 'GET /api/v1/history with 10,000 jobs in the store',
    unit: 'ms',
    target: { stat: 'p99', op: '<', value: 20 },
  },
  {
    id: 'ws.lag',
    issue: 5,
    name: 'Event-loop lag with 200 WebSocket clients while 4 jobs stream progress',
    unit: 'ms',
    target: { stat: 'p99', op: '<', value: 20 },
  },
];

/** Median and p99 (nearest rank) of raw samples. */
export function summarize(samples: readonly number[]): { median: number; p99: number; samples: number } {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, p99: rank(0.99), samples: sorted.length };
}

/** Whether the figure meets its target; null when there is nothing to judge. */
export function judge(target: BenchTarget | null, figures: { median: number | null; p99: number | null }) {
  if (!target) return null;
  const value = figures[target.stat];
  if (value === null) return null;
  return target.op === '<' ? value < target.value : value <= target.value;
}

/** A result from raw samples, judged against its target. */
export function resultOf(
  base: Omit<BenchResult, 'median' | 'p99' | 'samples' | 'pass'>,
  samples: readonly number[],
): BenchResult {
  const { median, p99, samples: n } = summarize(samples);
  const figures = { median: round(median), p99: round(p99) };
  return { ...base, ...figures, samples: n, pass: judge(base.target, figures) };
}

/** Three significant decimals are plenty for timings on a shared machine, and keep the table readable. */
export function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Lets a bench file run alone (`npx tsx test/bench/queue.bench.ts`): prints its results as JSON. */
export async function runIfMain(moduleUrl: string, run: () => Promise<BenchResult[]>): Promise<void> {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  const results = await run();
  console.log(JSON.stringify(results, null, 2));
  const missed = results.filter((r) => r.pass === false).map((r) => r.id);
  if (missed.length > 0) console.log(`over target: ${missed.join(', ')}`);
}
