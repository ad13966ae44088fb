/**
 * Issue 8 — what the source and service protections cost:
 * - the open-writer check per candidate file (Linux: a scan of every process's open files under /proc), with the
 *   number of processes on the machine at the time, since the scan is linear in them;
 * - the partial hash taken at submit (first and last MiB) of a 64 MiB file;
 * - a regex rule `^(a+)+$` against hostile names of 40 and 10,000 characters, with the linear-time engine.
 */
import { readdirSync } from 'node:fs';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sourceFingerprint } from '../../src/media/source-guard.ts';
import { compileSafeRegex } from '../../src/rules/safe-regex.ts';
import { openWriterFinder } from '../../src/runtime/open-writers.ts';
import { type BenchResult, resultOf, runIfMain } from './bench-result.ts';

async function timed(n: number, fn: () => Promise<unknown> | unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return samples;
}

export async function run(): Promise<BenchResult[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bvp-bench-source-'));
  try {
    const finder = openWriterFinder();
    const file = path.join(dir, 'clip.mov');
    await writeFile(file, Buffer.alloc(64 * 1024 * 1024, 1));
    const processes = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).length;
    await finder.find(file); // warm-up
    const idle = await timed(30, () => finder.find(file));
    // The same check while a writer holds the file open (this process), as during a stalled copy.
    const handle = await open(file, 'r+');
    const busy = await timed(30, () => finder.find(file));
    await handle.close();
    const hash = await timed(10, () => sourceFingerprint(file));

    const regex = compileSafeRegex('^(a+)+$');
    if (!regex.ok) throw new Error(regex.message);
    const short = `${'a'.repeat(35)}!.mov`;
    const long = `${'a'.repeat(10_000)}!.mov`;
    const shortMatch = await timed(200, () => regex.matcher.test(short));
    const longMatch = await timed(20, () => regex.matcher.test(long));

    return [
      resultOf(
        {
          id: 'source.open-writer-check',
          issue: 8,
          name: 'Open-writer check per candidate file (nobody writing)',
          unit: 'ms',
          target: null,
          note: `${finder.support}, ${processes} processes on the machine; the scan is linear in them and runs once per file when its stable window ends, not per event.`,
        },
        idle,
      ),
      resultOf(
        {
          id: 'source.open-writer-check-busy',
          issue: 8,
          name: 'Open-writer check per candidate file (a writer holds it open)',
          unit: 'ms',
          target: null,
        },
        busy,
      ),
      resultOf(
        {
          id: 'source.fingerprint',
          issue: 8,
          name: 'Partial hash at submit (first + last MiB of a 64 MiB file)',
          unit: 'ms',
          target: null,
        },
        hash,
      ),
      resultOf(
        {
          id: 'rules.regex-hostile-40',
          issue: 8,
          name: 'Rule ^(a+)+$ against a 40-character hostile name',
          unit: 'ms',
          target: { stat: 'median', op: '<', value: 1 },
          note: 'A backtracking engine needs 2^35 steps here (minutes); re2js is linear in the name.',
        },
        shortMatch,
      ),
      resultOf(
        {
          id: 'rules.regex-hostile-10k',
          issue: 8,
          name: 'Rule ^(a+)+$ against a 10,000-character hostile name',
          unit: 'ms',
          target: { stat: 'median', op: '<', value: 20 },
        },
        longMatch,
      ),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await runIfMain(import.meta.url, run);
