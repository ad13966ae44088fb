import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/index.ts';
import { createApp } from '../../src/http/app.ts';
import type { HttpServerHandle } from '../../src/http/server-options.ts';
import { createProfileRegistry } from '../../src/profiles/registry.ts';
import { startHttpServer } from '../../src/runtime/node.ts';
import { createService, type Service } from '../../src/service/service.ts';
import { VERSION } from '../../src/version.ts';

export interface BenchServer {
  dir: string;
  service: Service;
  server: HttpServerHandle;
  close(): Promise<void>;
}

/** The real service and app on a temp folder; `seed` may fill the store before the service opens it. */
export async function startBenchServer(options: {
  concurrency?: number;
  seed?: (storePath: string) => void;
}): Promise<BenchServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bvp-http-bench-'));
  await mkdir(path.join(dir, 'watch'));
  await mkdir(path.join(dir, 'output'));
  await writeFile(
    path.join(dir, 'bvp.yaml'),
    `watch:\n  - path: ./watch\n    profile: live-qlab\noutput: ./output\ndata: ./data\nconcurrency: ${options.concurrency ?? 1}\n`,
  );
  const config = await loadConfig(path.join(dir, 'bvp.yaml'));
  const storePath = path.join(dir, 'data', 'bvp.db');
  await mkdir(path.dirname(storePath), { recursive: true });
  options.seed?.(storePath);
  const service = createService({
    storePath,
    ffmpeg: 'ffmpeg',
    ffprobe: 'ffprobe',
    outputDir: config.output,
    concurrency: config.concurrency,
    profiles: createProfileRegistry(config.profiles),
    synchronous: 'normal',
  });
  const server = await startHttpServer({
    port: 0,
    factory: (upgradeWebSocket) =>
      createApp({
        service,
        config: () => config,
        version: VERSION,
        health: () => ({ service: { ok: service.isHealthy() } }),
        upgradeWebSocket,
        log: () => {},
      }),
  });
  return {
    dir,
    service,
    server,
    async close() {
      await server.close();
      await service.stop({ graceSeconds: 0 });
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, index)] * 100) / 100;
}
