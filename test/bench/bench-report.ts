import { type BenchResult, type BenchTarget, PLANNED_FIGURES } from './bench-result.ts';

/**
 * BENCHMARKS.md as bin/run-bench.js writes it: tables per issue, the machine, a hand-written findings section that
 * survives every run, and the raw results at the end, read back so a filtered run only replaces its own rows.
 */

export interface MachineFacts {
  cpu: string;
  ram: string;
  os: string;
  node: string;
  ffmpeg: string;
  /** The commit measured, with "+ uncommitted changes" when the work tree was dirty. */
  code: string;
  /** One line, to tell whether an older run was taken on the same machine. */
  summary: string;
}

/** One bench file's last run. */
export interface FileRun {
  date: string;
  machine: string;
  code?: string;
  seconds: number;
  loadBefore: number;
  loadAfter: number;
  results?: BenchResult[];
  skipped?: string;
  error?: string;
}

export interface ReportData {
  machine: MachineFacts;
  runs: Record<string, FileRun>;
  findings?: string;
}

// Between these marks the file is written by people (what a miss means, what to do about it); runs keep it.
const FINDINGS_START = '<!-- findings: hand-written, kept by bin/run-bench.js across runs -->';
const FINDINGS_END = '<!-- end of findings -->';
const DATA_MARK = '<!-- bench-data: written by bin/run-bench.js, read back on the next run -->';
const ISSUES: Record<number, string> = {
  3: 'Issue 3 — actor core: queue, jobs, store, service',
  4: 'Issue 4 — hot folders',
  5: 'Issue 5 — dashboard API',
  9: 'Issue 9 — lean start: the bvp process on Node',
  11: 'Issue 11 — web dashboard',
};

/** The runs and findings of an earlier BENCHMARKS.md; nothing when there is none or it cannot be read. */
export function parseReport(text: string): Pick<ReportData, 'runs' | 'findings'> {
  const from = text.indexOf(FINDINGS_START);
  const to = text.indexOf(FINDINGS_END);
  const findings = from >= 0 && to > from ? text.slice(from + FINDINGS_START.length, to).trim() : undefined;
  const at = text.indexOf(DATA_MARK);
  const block = at >= 0 ? /```json\n([\s\S]*?)\n```/.exec(text.slice(at)) : null;
  try {
    return { runs: block ? (JSON.parse(block[1]).runs ?? {}) : {}, findings };
  } catch {
    return { runs: {}, findings };
  }
}

const suffixOf = (unit: BenchResult['unit']) => (unit === 'x' ? '×' : unit === 'count' ? '' : ` ${unit}`);

/** Enough digits to compare, no more: 0.077 ms, 4.62 ms, 65.1 ms, 2776 ms, 1.75×. */
export function formatNumber(value: number | null, unit: BenchResult['unit']): string {
  if (value === null) return '—';
  const abs = Math.abs(value);
  const digits = unit === 'x' ? 2 : abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return `${value.toFixed(digits)}${suffixOf(unit)}`;
}

export function formatMeasured(r: Pick<BenchResult, 'median' | 'p99' | 'samples' | 'unit'>): string {
  if (r.median === null && r.p99 === null) return 'not measured';
  if (r.p99 === null || r.samples <= 1) return formatNumber(r.median, r.unit);
  return `${formatNumber(r.median, r.unit)} / ${formatNumber(r.p99, r.unit)}`;
}

export function formatTarget(target: BenchTarget | null, unit: BenchResult['unit']): string {
  if (!target) return '—';
  return `${target.stat} ${target.op === '<=' ? '≤' : '<'} ${target.value}${suffixOf(unit)}`;
}

/** "2026-11-24 09:00 UTC": minutes are enough to tell runs apart. */
const minute = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
const cell = (text: unknown) => String(text).replaceAll('|', '\\|').replaceAll('\n', ' ');

function verdict(r: BenchResult): string {
  if (r.pass === true) return 'pass';
  if (r.pass === false) return '**MISS**';
  return r.target ? 'not measured' : 'info';
}

function machineSection(data: ReportData): string[] {
  const runs = Object.values(data.runs);
  const dates = runs.map((run) => run.date).sort();
  const loads = runs.flatMap((run) => [run.loadBefore, run.loadAfter]);
  const m = data.machine;
  return [
    '## Machine',
    '',
    '| | |',
    '|---|---|',
    `| date | ${dates.length === 0 ? '—' : [...new Set([dates[0], dates.at(-1)!].map(minute))].join(' … ')} |`,
    `| CPU | ${cell(m.cpu)} |`,
    `| RAM | ${m.ram} |`,
    `| OS | ${cell(m.os)} |`,
    `| Node | ${m.node} |`,
    `| ffmpeg | ${m.ffmpeg} |`,
    `| code | ${cell(m.code)} |`,
    `| load average (1 min) | ${loads.length ? `${Math.min(...loads)} – ${Math.max(...loads)} while the benchmarks ran (per file under Runs)` : '—'} |`,
    '',
    'The machine is shared: other engineers run test suites on the same cores while these figures are taken. Each',
    'figure is a median with its p99 (or the worst of a few runs, where a run is long), so one stolen time slice',
    'shows in the p99 and not in the median; compare the load average with the core count before trusting a p99.',
    '',
  ];
}

function issueSection(issue: number, rows: (BenchResult & { file: string })[]): string[] {
  const planned = PLANNED_FIGURES.filter((p) => p.issue === issue && !rows.some((r) => r.id === p.id));
  if (rows.length === 0 && planned.length === 0) return [];
  const lines = [`## ${ISSUES[issue] ?? `Issue ${issue}`}`, ''];
  lines.push('| figure | target | measured (median / p99) | samples | result |', '|---|---|---|---|---|');
  for (const r of rows.filter((row) => row.target)) {
    lines.push(
      `| ${cell(r.name)} | ${formatTarget(r.target, r.unit)} | ${formatMeasured(r)} | ${r.samples} | ${verdict(r)} |`,
    );
  }
  for (const p of planned) {
    lines.push(
      `| ${cell(p.name)} | ${formatTarget(p.target, p.unit)} | not yet measured | — | not yet measured |`,
    );
  }
  // Figures without a target explain the ones with one (where the time goes); they get their own table.
  const supporting = rows.filter((row) => !row.target);
  if (supporting.length > 0) {
    lines.push(
      '',
      'Supporting figures (no target):',
      '',
      '| figure | measured (median / p99) | samples |',
      '|---|---|---|',
    );
    for (const r of supporting) lines.push(`| ${cell(r.name)} | ${formatMeasured(r)} | ${r.samples} |`);
  }
  const notes = rows.filter((r) => r.note);
  if (notes.length > 0) {
    lines.push('', 'What each figure includes:', '');
    for (const r of notes) lines.push(`- *${cell(r.name)}* (\`${r.id}\`, ${r.file}): ${r.note}`);
  }
  lines.push('');
  return lines;
}

function runsSection(data: ReportData): string[] {
  const lines = [
    '## Runs',
    '',
    '| bench file | finished | seconds | load average before → after | outcome |',
    '|---|---|---|---|---|',
  ];
  for (const [file, run] of Object.entries(data.runs)) {
    const outcome = run.error
      ? `failed: ${run.error}`
      : run.skipped
        ? `skipped: ${run.skipped}`
        : `${run.results?.length ?? 0} figures`;
    const other = run.machine !== data.machine.summary ? ` (on ${run.machine})` : '';
    const code = run.code && run.code !== data.machine.code ? ` (code ${run.code})` : '';
    lines.push(
      `| ${file} | ${minute(run.date)} | ${run.seconds} | ${run.loadBefore} → ${run.loadAfter} | ${cell(outcome + other + code)} |`,
    );
  }
  return [...lines, ''];
}

export function renderReport(data: ReportData): string {
  const results = Object.entries(data.runs).flatMap(([file, run]) =>
    (run.results ?? []).map((r) => ({ ...r, file })),
  );
  const issues = [...new Set([...Object.keys(ISSUES).map(Number), ...results.map((r) => r.issue)])].sort(
    (a, b) => a - b,
  );
  return [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bin/run-bench.js) from the benchmarks in test/bench/; only the Findings section is',
    'written by hand (runs keep it).',
    '',
    ...machineSection(data),
    ...issues.flatMap((issue) =>
      issueSection(
        issue,
        results.filter((r) => r.issue === issue),
      ),
    ),
    '## Findings',
    '',
    FINDINGS_START,
    data.findings || '_None written yet._',
    FINDINGS_END,
    '',
    ...runsSection(data),
    '## How to run',
    '',
    '```sh',
    'npm run bench                       # every test/bench/*.bench.ts, one process each, then this file',
    'npm run bench -- queue gap          # only files whose name contains "queue" or "gap"; other rows are kept',
    'npx tsx test/bench/queue.bench.ts   # one file alone: results printed as JSON, this file untouched',
    '```',
    '',
    'A new benchmark is a `test/bench/<name>.bench.ts` exporting `run(): Promise<BenchResult[]>`',
    '(test/bench/bench-result.ts); a result whose `id` is in `PLANNED_FIGURES` replaces its "not yet measured" row.',
    'A bench file without `run()` is listed under Runs as skipped. Benchmarks are not part of `npm test`',
    '(vitest.config.ts excludes test/bench).',
    '',
    '## Raw results',
    '',
    DATA_MARK,
    '',
    '```json',
    // "-->" cannot occur outside JSON strings; escaped inside them it still parses back the same.
    JSON.stringify({ runs: data.runs }, null, 1).replaceAll('-->', '--\\u003e'),
    '```',
    '',
  ].join('\n');
}
