/**
 * Config validation time against document size (issue 8: a PATCH with 50k–64k keys froze the service for 90 s;
 * yaml's duplicate-key check and per-issue lookups were quadratic). Validates YAML documents of 1k…60k keys (past the
 * 512 KiB limit the API enforces, to show the cost curve itself) and reports ms per document and µs per key: linear
 * validation keeps µs per key flat. Then /health's slowest answer while the API refuses a ~900 KB 60k-key PATCH and
 * a 10,000-deep body on a real server.
 */

import { validateConfigText } from '../../src/config/index.ts';
import { createHarness } from '../http/helpers/harness.ts';
import { type BenchResult, resultOf, round, runIfMain } from './bench-result.ts';

const SIZES = [1_000, 5_000, 10_000, 20_000, 40_000, 60_000];
const ROUNDS = 5;

function documentOf(keys: number): string {
  const lines = ['watch:', '  - path: ./watch', '    profile: live-qlab'];
  for (let i = 0; i < keys; i++) lines.push(`key_${i}: ${i}`);
  return `${lines.join('\n')}\n`;
}

function timeValidation(text: string): number {
  const start = performance.now();
  const result = validateConfigText(text, {
    file: '/bench/bvp.yaml',
    maxBytes: Infinity,
    maxNodes: Infinity,
  });
  const ms = performance.now() - start;
  if (result.ok) throw new Error('a document full of unknown keys validated');
  return ms;
}

async function healthDuring(
  url: string,
  send: () => Promise<number>,
): Promise<{ worst: number; status: number }> {
  let done = false;
  let worst = 0;
  const poll = (async () => {
    while (!done) {
      const t = performance.now();
      await (await fetch(`${url}/api/v1/health`)).arrayBuffer();
      worst = Math.max(worst, performance.now() - t);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const status = await send();
  done = true;
  await poll;
  return { worst, status };
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  timeValidation(documentOf(1_000)); // warm-up
  const perKey: number[] = [];
  for (const keys of SIZES) {
    const text = documentOf(keys);
    const samples = Array.from({ length: ROUNDS }, () => timeValidation(text));
    const result = resultOf(
      {
        id: `config.validate-${keys / 1000}k`,
        issue: 8,
        name: `Config validation, ${keys.toLocaleString('en')} keys (${Math.round(text.length / 1024)} KiB of YAML)`,
        unit: 'ms',
        target: null,
      },
      samples,
    );
    results.push(result);
    perKey.push(((result.median ?? 0) * 1000) / keys);
  }
  // From 10k keys on, the fixed cost (schema set-up, the watch entry) no longer hides the per-key cost.
  const growth = perKey[perKey.length - 1]! / perKey[SIZES.indexOf(10_000)]!;
  results.push({
    id: 'config.validate-linearity',
    issue: 8,
    name: 'Config validation µs per key at 60k keys ÷ at 10k keys (1 = linear)',
    unit: 'x',
    median: round(growth),
    p99: null,
    samples: SIZES.length,
    target: { stat: 'median', op: '<=', value: 2 },
    pass: growth <= 2,
    note: `µs per key: ${perKey.map((v) => round(v)).join(', ')} for ${SIZES.map((n) => `${n / 1000}k`).join(', ')}`,
  });

  const h = await createHarness();
  try {
    const server = await h.listen();
    const wide = JSON.stringify(
      Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`key_${i}`, 1])),
    );
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const idle: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      idle.push(
        (await healthDuring(server.url, () => new Promise((r) => setTimeout(() => r(0), 500)))).worst,
      );
    }
    results.push(
      resultOf(
        {
          id: 'config.health-idle',
          issue: 8,
          name: '/health max latency over 0.5 s with no config request (baseline)',
          unit: 'ms',
          target: null,
        },
        idle,
      ),
    );
    for (const [id, label, body] of [
      [
        'config.health-wide',
        `/health max latency during a ${Math.round(wide.length / 1024)} KiB 60k-key PATCH /config`,
        wide,
      ],
      ['config.health-deep', '/health max latency during a 10,000-deep PATCH /config', deep],
    ] as const) {
      const samples: number[] = [];
      let status = 0;
      for (let i = 0; i < ROUNDS; i++) {
        const during = await healthDuring(server.url, async () => {
          const res = await fetch(`${server.url}/api/v1/config`, {
            method: 'PATCH',
            headers: { 'content-type': 'application/json' },
            body,
          });
          await res.arrayBuffer();
          return res.status;
        });
        samples.push(during.worst);
        status = during.status;
      }
      results.push(
        resultOf(
          {
            id,
            issue: 8,
            name: label,
            unit: 'ms',
            target: { stat: 'median', op: '<', value: 250 },
            note: `answered ${status}`,
          },
          samples,
        ),
      );
    }
  } finally {
    await h.close();
  }
  return results;
}

await runIfMain(import.meta.url, run);
