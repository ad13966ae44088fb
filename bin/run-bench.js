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
// Node 20 cannot strip types; tsx does it, as in bin/bvp.js, for the bench files and the report module alike.
import { register } from 'tsx/esm/api';

register();

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BENCH_DIR = path.join(ROOT, 'test', 'bench');
const OUTPUT = path.join(ROOT, 'BENCHMARKS.md');
// A benchmark that hangs must not hold the suite forever; the whole suite is meant to take a few minutes.
const FILE_TIMEOUT_MS = 10 * 60 * 1000;

/** In the child: load one bench file and write its results as JSON for the parent. */
async function runChild(file, out) {
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
  const report = await import(pathToFileURL(path.join(BENCH_DIR, 'bench-report.ts')).href);
  const machine = await describeMachine(execa);
  const previous = report.parseReport(existsSync(OUTPUT) ? readFileSync(OUTPUT, 'utf8') : '');
  const runs = filters.length === 0 ? {} : previous.runs;
  // A bench file that was removed or renamed takes its rows with it.
  for (const file of Object.keys(runs)) if (!existsSync(path.join(BENCH_DIR, file))) delete runs[file];

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
        { cwd: ROOT, stdio: 'inherit', reject: false, timeout: FILE_TIMEOUT_MS },
      );
      const run = {
        date: new Date().toISOString(),
        machine: machine.summary,
        code: machine.code,
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
      runs[file] = run;
      printRun(report, file, run);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  writeFileSync(OUTPUT, report.renderReport({ machine, runs, findings: previous.findings }));
  console.log(`\nwrote ${path.relative(process.cwd(), OUTPUT)}`);
  process.exit(crashed > 0 ? 1 : 0);
}

function printRun(report, file, run) {
  if (run.error) return console.log(`✖ ${file}: ${run.error}`);
  if (run.skipped) return console.log(`– ${file}: skipped (${run.skipped})`);
  for (const r of run.results) {
    const verdict = r.pass === true ? 'pass' : r.pass === false ? 'MISS' : 'info';
    const target = r.target ? ` (target ${report.formatTarget(r.target, r.unit)})` : '';
    console.log(`  ${verdict.padEnd(4)} ${r.id}: ${report.formatMeasured(r)}${target}`);
  }
  console.log(`  ${run.seconds} s, load average ${run.loadBefore} → ${run.loadAfter}`);
}

async function describeMachine(execa) {
  const model = /^model name\s*:\s*(.+)$/m.exec(safeRead('/proc/cpuinfo'))?.[1] ?? os.cpus()[0]?.model ?? '?';
  const osName = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(safeRead('/etc/os-release'))?.[1] ?? os.type();
  const ffmpeg = await execa(process.env.BVP_FFMPEG ?? 'ffmpeg', ['-version'], { reject: false });
  const ffmpegVersion = /^ffmpeg version (\S+)/.exec(ffmpeg.stdout ?? '')?.[1] ?? 'not found';
  const head = await execa('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, reject: false });
  const dirty = await execa('git', ['status', '--porcelain'], { cwd: ROOT, reject: false });
  const cores = os.availableParallelism();
  const ramGiB = Math.round((os.totalmem() / 1024 ** 3) * 10) / 10;
  return {
    cpu: `${model} (nproc ${cores})`,
    ram: `${ramGiB} GiB`,
    os: `${osName}, ${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    ffmpeg: ffmpegVersion,
    code: `${head.stdout || 'unknown'}${dirty.stdout ? ' + uncommitted changes' : ''}`,
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

const round2 = (n) => Math.round(n * 100) / 100;

// Last, so every module-level constant above is initialised before either mode starts.
if (process.argv[2] === '--child') {
  await runChild(process.argv[3], process.argv[4]);
} else {
  await main(process.argv.slice(2));
}
