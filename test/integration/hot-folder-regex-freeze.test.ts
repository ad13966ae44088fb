import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bvp } from '../helpers/bvp.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { until } from '../helpers/proc.ts';

/**
 * A rule with a catastrophically backtracking pattern and a file name built to trigger it: with a backtracking
 * engine `^(a+)+$` against 35 a's and "!.mov" takes 2^35 steps, freezing API, WebSocket and watchers together. The
 * service runs as a subprocess so that a freeze stops it, not this test.
 */

let dir: TempDir;
beforeAll(async () => {
  dir = await makeTempDir('bvp-regex-freeze-');
  await mkdir(dir.join('watch'));
  const config = {
    watch: [
      {
        path: './watch',
        stable_seconds: 1,
        poll_interval: 1,
        profile: 'live-qlab',
        rules: [{ name: 'evil', pattern: '^(a+)+$', pattern_type: 'regex', profile: 'audio-qlab' }],
      },
    ],
    output: './output',
    data: './data',
  };
  await writeFile(dir.join('bvp.yaml'), JSON.stringify(config));
});
afterAll(() => dir.cleanup());

describe('a user regex cannot freeze the service', () => {
  it('the ^(a+)+$ rule with a 40-character file name: /health keeps answering fast and the file is handled', async () => {
    const server = bvp(['serve', '--config', 'bvp.yaml', '--port', '0'], { cwd: dir.path });
    let out = '';
    server.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    try {
      await until(() => out.includes('Ready.') || server.exitCode !== null, 'bvp serve to be ready', 30_000);
      const api = /api\s+(http:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(out)?.[1];
      expect(api).toBeDefined();
      // Warm-up: the first request pays for route compilation and JIT, not for the rule.
      expect((await fetch(`${api}/api/v1/health`)).status).toBe(200);

      const name = `${'a'.repeat(35)}!.mov`;
      expect(name).toHaveLength(40);
      const clip = await makeClip(dir.join(name), { seconds: 1 });
      const output = dir.join('output', name);
      // Appears whole, as a finished copy does.
      await copyFile(clip, dir.join('staged.mov'));
      await rename(dir.join('staged.mov'), dir.join('watch', name));

      const latencies: number[] = [];
      while (!existsSync(output)) {
        const started = performance.now();
        const response = await fetch(`${api}/api/v1/health`, { signal: AbortSignal.timeout(20_000) });
        latencies.push(performance.now() - started);
        expect(response.status).toBe(200);
        if (latencies.length > 2_000) throw new Error('the file was not handled');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // The rule did not match (the name has a "!"), so the folder's profile made a movie of it.
      const sorted = [...latencies].sort((a, b) => a - b);
      const max = sorted[sorted.length - 1];
      const median = sorted[Math.floor(sorted.length / 2)];
      console.info(
        `/health during the regex rule: ${sorted.length} requests, median ${median.toFixed(1)} ms, max ${max.toFixed(1)} ms`,
      );
      // A guard, not a benchmark (test/bench/source-safety.bench.ts measures): 100 ms is the promise, and a shared
      // machine under load gets slack; the backtracking freeze this guards against lasts minutes, not seconds.
      expect(median).toBeLessThan(100);
      expect(max).toBeLessThan(5_000);
    } finally {
      server.kill('SIGTERM');
      await server;
    }
  }, 120_000);
});
