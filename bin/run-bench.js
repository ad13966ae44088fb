#!/usr/bin/env node
// Runs the benchmarks in test/bench/ and writes BENCHMARKS.md. Usage: `npm run bench [-- name…]`.
//
// Every `test/bench/<name>.bench.ts` that exports `run(): Promise<BenchResult[]>` (test/bench/bench-result.ts) is a
// benchmark: adding one is dropping such a file there. Each file runs in its own Node process, one after another, so
// one benchmark's heap, JIT state or stray handles never colour the next one's figures and a crash stops only it.
// With names, only the files whose name contains one of them run; the other rows of BENCHMARKS.md are kept from
// their last run (the raw results live in the file itself), each with its own date and load average.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BENCH_DIR = path.join(ROOT, 'test', 'bench');
const OUTPUT = path.join(ROOT, 'BENCHMARKS.md');
// Between these marks the file is written by people (what a miss means, what to do about it); runs keep it.
const FINDINGS_START = '<!-- findings: hand-written, kept by bin/run-bench.js across runs -->';
const FINDINGS_END = '<!-- end of findings -->';
const DEFAULT_FINDINGS = '_None written yet._';
const DATA_MARK = '<!-- bench-data: written by bin/run-bench.js, read back on the next run -->';
// A benchmark that hangs must not hold the suite forever; the whole suite is meant to take a few minutes.
const FILE_TIMEOUT_MS = 10 * 60 * 1000;
const ISSUES = {
  3: 'Issue 3 — actor core: queue, jobs, store, service',
  4: 'Issue 4 — hot folders',
  5: 'Issue 5 — dashboard API',
};

/** In the child: load one bench file through tsx (as bin/bvp.js does) and write its results as JSON. */
async function runChild(file, out) {
  const { register } = await import('tsx/esm/api');
  register();
  const mod = await import(pathToFileURL(file).href);
  if (typeof mod.run !== 'function') {
    writeFileSync(out, JSON.stringify({ skipped: 'exports no run() function' }));
  } else {
    const results = await mod.run();
    if (!Array.isArray(results)) throw new Error('run() must resolve to an array of BenchResult');
    writeFileSync(out, JSON.stringify({ results }));
  }
  // A benchmark may leave a timer or socket behind; its figures are in, so the child is done.
  process.exit(0);
}

async function main(filters) {
  const files = readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((n) => f.toLowerCase().includes(n.toLowerCase())))
    .sort();
  if (files.length === 0) {
    console.error(`no bench file in test/bench matches ${filters.join(', ')}`);
    process.exit(2);
  }
  const { execa } = await import('execa');
  const machine = await describeMachine(execa);
  const data = readPrevious();
  if (filters.length === 0) data.runs = {};
  // A bench file that was removed or renamed takes its rows with it.
  for (const file of Object.keys(data.runs))
    if (!existsSync(path.join(BENCH_DIR, file))) delete data.runs[file];
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'bvp-bench-run-'));
  let crashed = 0;
  try {
    for (const file of files) {
      console.log(`\n▶ ${file}`);
      const out = path.join(scratch, `${file}.json`);
      const loadBefore = os.loadavg()[0];
      const started = performance.now();
      const child = await execa(
        process.execPath,
        [fileURLToPath(import.meta.url), '--child', path.join(BENCH_DIR, file), out],
        {
          cwd: ROOT,
          stdio: 'inherit',
          reject: false,
          timeout: FILE_TIMEOUT_MS,
        },
      );
      const run = {
        date: new Date().toISOString(),
        machine: machine.summary,
        seconds: Math.round((performance.now() - started) / 100) / 10,
        loadBefore: round2(loadBefore),
        loadAfter: round2(os.loadavg()[0]),
      };
      if (child.exitCode === 0 && existsSync(out)) {
        Object.assign(run, JSON.parse(readFileSync(out, 'utf8')));
      } else {
        crashed++;
        run.error = child.timedOut
          ? `timed out after ${FILE_TIMEOUT_MS / 1000} s`
          : `exited with ${child.exitCode ?? child.signal}`;
      }
      data.runs[file] = run;
      report(file, run);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  data.machine = machine;
  const { PLANNED_FIGURES } = await loadPlanned();
  writeFileSync(OUTPUT, render(data, PLANNED_FIGURES));
  console.log(`\nwrote ${path.relative(process.cwd(), OUTPUT)}`);
  process.exit(crashed > 0 ? 1 : 0);
}

function report(file, run) {
  if (run.error) return console.log(`✖ ${file}: ${run.error}`);
  if (run.skipped) return console.log(`– ${file}: skipped (${run.skipped})`);
  for (const r of run.results) {
    const verdict = r.pass === true ? 'pass' : r.pass === false ? 'MISS' : 'info';
    console.log(
      `  ${verdict.padEnd(4)} ${r.id}: ${measured(r)}${r.target ? ` (target ${targetText(r)})` : ''}`,
    );
  }
  console.log(`  ${run.seconds} s, load average ${run.loadBefore} → ${run.loadAfter}`);
}

/** The Node process itself does not need tsx; the planned rows come from the TypeScript contract all the same. */
async function loadPlanned() {
  const { register } = await import('tsx/esm/api');
  const unregister = register();
  try {
    return await import(pathToFileURL(path.join(BENCH_DIR, 'bench-result.ts')).href);
  } finally {
    await unregister();
  }
}

async function describeMachine(execa) {
  const cpuinfo = safeRead('/proc/cpuinfo');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const osName = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(safeRead('/etc/os-release'))?.[1] ?? os.type();
  const ffmpeg = await execa(process.env.BVP_FFMPEG ?? 'ffmpeg', ['-version'], { reject: false });
  const ffmpegVersion = /^ffmpeg version (\S+)/.exec(ffmpeg.stdout ?? '')?.[1] ?? 'not found';
  const cores = os.availableParallelism();
  const ramGiB = Math.round((os.totalmem() / 1024 ** 3) * 10) / 10;
  const facts = {
    cpu: `${model} (nproc ${cores})`,
    ram: `${ramGiB} GiB`,
    os: `${osName}, ${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    ffmpeg: ffmpegVersion,
  };
  return {
    ...facts,
    summary: `${cores}× ${model}, ${ramGiB} GiB, node ${process.version}, ffmpeg ${ffmpegVersion}`,
  };
}

function safeRead(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function readPrevious() {
  const text = existsSync(OUTPUT) ? readFileSync(OUTPUT, 'utf8') : '';
  const at = text.indexOf(DATA_MARK);
  const block = at >= 0 ? /```json\n([\s\S]*?)\n```/.exec(text.slice(at)) : null;
  const from = text.indexOf(FINDINGS_START);
  const to = text.indexOf(FINDINGS_END);
  const findings = from >= 0 && to > from ? text.slice(from + FINDINGS_START.length, to).trim() : undefined;
  if (!block) return { runs: {}, findings };
  try {
    const data = JSON.parse(block[1]);
    return { runs: data.runs ?? {}, findings };
  } catch {
    console.warn('BENCHMARKS.md has unreadable raw results; earlier rows are dropped');
    return { runs: {}, findings };
  }
}

const round2 = (n) => Math.round(n * 100) / 100;
/** "2026-11-24 09:00 UTC": minutes are enough to tell runs apart. */
const day = (iso) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

function number(value, unit) {
  if (value === null || value === undefined) return '—';
  const abs = Math.abs(value);
  const digits = unit === 'x' ? 2 : abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  const suffix = unit === 'x' ? '×' : unit === 'count' ? '' : ` ${unit}`;
  return `${value.toFixed(digits)}${suffix}`;
}

function measured(r) {
  if (r.median === null && r.p99 === null) return 'not measured';
  if (r.p99 === null || r.samples <= 1) return number(r.median, r.unit);
  return `${number(r.median, r.unit)} / ${number(r.p99, r.unit)}`;
}

function targetText(r) {
  const t = r.target;
  if (!t) return '—';
  const suffix = r.unit === 'x' ? '×' : r.unit === 'count' ? '' : ` ${r.unit}`;
  return `${t.stat} ${t.op === '<=' ? '≤' : '<'} ${t.value}${suffix}`;
}

function verdictText(r) {
  if (r.pass === true) return 'pass';
  if (r.pass === false) return '**MISS**';
  return r.target ? 'not measured' : 'info';
}

const cell = (text) => String(text).replaceAll('|', '\\|').replaceAll('\n', ' ');

function render(data, planned) {
  const runs = Object.entries(data.runs);
  const results = runs.flatMap(([file, run]) => (run.results ?? []).map((r) => ({ ...r, file })));
  const seen = new Set(results.map((r) => r.id));
  const pending = planned.filter((p) => !seen.has(p.id));
  const issues = [...new Set([...Object.keys(ISSUES).map(Number), ...results.map((r) => r.issue)])].sort();
  const m = data.machine;
  const dates = runs.map(([, run]) => run.date).sort();
  const loads = runs.flatMap(([, run]) => [run.loadBefore, run.loadAfter]);
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bin/run-bench.js) from the benchmarks in test/bench/; do not edit by hand.',
    '',
    '## Machine',
    '',
    '| | |',
    '|---|---|',
    `| date | ${dates.length === 0 ? '—' : [...new Set([dates[0], dates.at(-1)].map(day))].join(' … ')} |`,
    `| CPU | ${cell(m.cpu)} |`,
    `| RAM | ${m.ram} |`,
    `| OS | ${cell(m.os)} |`,
    `| Node | ${m.node} |`,
    `| ffmpeg | ${m.ffmpeg} |`,
    `| load average (1 min) | ${loads.length ? `${Math.min(...loads)} – ${Math.max(...loads)} while the benchmarks ran (per file below)` : '—'} |`,
    '',
    'The machine is shared: other engineers run test suites on the same cores while these figures are taken. Each',
    'figure is a median with its p99 (or the worst of a few runs, where a run is long), so one stolen time slice',
    'shows in the p99 and not in the median; compare the load average with the core count before trusting a p99.',
    '',
  ];
  for (const issue of issues) {
    const rows = results.filter((r) => r.issue === issue);
    const targeted = rows.filter((r) => r.target);
    const supporting = rows.filter((r) => !r.target);
    const todo = pending.filter((p) => p.issue === issue);
    if (rows.length === 0 && todo.length === 0) continue;
    lines.push(`## ${ISSUES[issue] ?? `Issue ${issue}`}`, '');
    lines.push('| figure | target | measured (median / p99) | samples | result |', '|---|---|---|---|---|');
    for (const r of targeted) {
      lines.push(
        `| ${cell(r.name)} | ${targetText(r)} | ${measured(r)} | ${r.samples} | ${verdictText(r)} |`,
      );
    }
    for (const p of todo) {
      lines.push(`| ${cell(p.name)} | ${targetText(p)} | not yet measured | — | not yet measured |`);
    }
    // Figures without a target explain the ones with one (where the time goes); they get their own table.
    if (supporting.length > 0) {
      lines.push('', 'Supporting figures (no target):', '');
      lines.push('| figure | measured (median / p99) | samples |', '|---|---|---|');
      for (const r of supporting) lines.push(`| ${cell(r.name)} | ${measured(r)} | ${r.samples} |`);
    }
    const notes = rows.filter((r) => r.note);
    if (notes.length > 0) {
      lines.push('', 'What each figure includes:', '');
      for (const r of notes) lines.push(`- *${cell(r.name)}* (\`${r.id}\`, ${r.file}): ${r.note}`);
    }
    lines.push('');
  }
  lines.push('## Findings', '', FINDINGS_START, data.findings || DEFAULT_FINDINGS, FINDINGS_END, '');
  lines.push(
    '## Runs',
    '',
    '| bench file | finished | seconds | load average before → after | outcome |',
    '|---|---|---|---|---|',
  );
  for (const [file, run] of runs) {
    const outcome = run.error
      ? `failed: ${run.error}`
      : run.skipped
        ? `skipped: ${run.skipped}`
        : `${run.results.length} figures`;
    const other = run.machine !== m.summary ? ` (on ${run.machine})` : '';
    lines.push(
      `| ${file} | ${day(run.date)} | ${run.seconds} | ${run.loadBefore} → ${run.loadAfter} | ${cell(outcome + other)} |`,
    );
  }
  lines.push(
    '',
    '## How to run',
    '',
    '```sh',
    'npm run bench                 # every test/bench/*.bench.ts, one process each, then this file',
    'npm run bench -- queue gap    # only files whose name contains "queue" or "gap"; other rows are kept',
    'npx tsx test/bench/queue.bench.ts   # one file alone, results printed as JSON, this file untouched',
    '```',
    '',
    'A new benchmark is a `test/bench/<name>.bench.ts` exporting `run(): Promise<BenchResult[]>`',
    '(test/bench/bench-result.ts); a result whose `id` is in `PLANNED_FIGURES` replaces its "not yet measured" row.',
    'Benchmarks are not part of `npm test` (vitest.config.ts excludes test/bench).',
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
  );
  return lines.join('\n');
}

// Last, so every module-level constant above is initialised before either mode starts.
if (process.argv[2] === '--child') {
  await runChild(process.argv[3], process.argv[4]);
} else {
  await main(process.argv.slice(2));
}
