import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRecord } from '../../machines/types.ts';
import { bvp, REPO_ROOT } from '../helpers/bvp.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { pollUntil } from './helpers/harness.ts';
import { listFiles, probeOutput } from './helpers/media.ts';

/**
 * The README's quick start, on a copy of the repository's layout: `npm start` (bvp serve on config/default.yaml,
 * unchanged, so its ../watch ../output ../data land in the temp folder), `cp clip.mov watch/`, `bvp status`,
 * `ls output/`, Ctrl+C. Only the HTTP port differs (any free one), so it can run beside a real instance.
 */

let layout: TempDir;
let clip: string;

beforeAll(async () => {
  layout = await makeTempDir('bvp-e2e-');
  await mkdir(layout.join('config'));
  await copyFile(`${REPO_ROOT}/config/default.yaml`, layout.join('config', 'default.yaml'));
  const clips = await makeTempDir('bvp-e2e-clip-');
  clip = await makeClip(clips.join('clip.mov'), { seconds: 2 });
  return async () => {
    await clips.cleanup();
  };
});
afterAll(() => layout.cleanup());

interface StatusJson {
  counts: Record<string, number>;
  active: JobRecord[];
  recent: JobRecord[];
}

async function status(): Promise<StatusJson> {
  const result = await bvp(['status', '--json'], { cwd: layout.path });
  if (result.exitCode !== 0) throw new Error(`bvp status failed: ${result.all}`);
  return JSON.parse(result.stdout) as StatusJson;
}

describe('end to end, as the README shows it', () => {
  it('serves the default config: a clip copied into ./watch becomes a verified .mov in ./output, completed in bvp status; SIGTERM exits 0', async () => {
    const server = bvp(['serve', '--config', 'config/default.yaml', '--port', '0'], { cwd: layout.path });
    let stdout = '';
    server.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    try {
      await pollUntil(() => stdout.includes('Ready.') || server.exitCode !== null, 'bvp serve to say Ready.');
      expect(stdout).toContain('Ready.');
      // The default config's folders, created on start inside the copy.
      expect(stdout).toContain(`watching ${layout.join('watch')} → ${layout.join('output')}`);
      const api = /api\s+(http:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(stdout)?.[1];
      expect(api).toBeDefined();
      expect((await fetch(`${api}/api/v1/health`)).status).toBe(200);

      await copyFile(clip, layout.join('watch', 'clip.mov'));
      const output = layout.join('output', 'clip.mov');
      // No event reaches a test from another process: the file and the store are what an operator looks at.
      await pollUntil(() => existsSync(output), 'output/clip.mov', 60_000, 200);
      let last: StatusJson | null = null;
      await pollUntil(
        async () => {
          last = await status();
          return last.counts.completed === 1;
        },
        'bvp status to show the job completed',
        30_000,
        250,
      );
      const job = last!.recent[0];
      expect(job.status).toBe('completed');
      expect(job.source.path).toBe(layout.join('watch', 'clip.mov'));
      expect(job.profile.name).toBe('live-qlab');
      expect(job.result?.outputPath).toBe(output);
      expect((await bvp(['status'], { cwd: layout.path })).stdout).toMatch(/completed\s+\S+\s+.*clip\.mov/);

      // live-qlab: ProRes Proxy 10-bit 4:2:2 with 24-bit PCM, the whole clip.
      const info = await probeOutput(output);
      expect(info.durationSeconds).toBeCloseTo(2, 0);
      expect(info.streams.find((s) => s.type === 'video')).toMatchObject({ codec: 'prores' });
      expect(info.streams.find((s) => s.type === 'audio')).toMatchObject({ codec: 'pcm_s24le' });
      expect(await listFiles(layout.join('output'))).toEqual(['clip.mov']);
      // The source is kept: the default source_action is keep.
      expect(existsSync(layout.join('watch', 'clip.mov'))).toBe(true);
    } finally {
      server.kill('SIGTERM');
    }
    const result = await server;
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Stopped.');
  }, 120_000);
});
