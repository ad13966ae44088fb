import { mkdir } from 'node:fs/promises';
import { afterEach } from 'vitest';
import { makeTempDir, type TempDir } from '../../helpers/clips.ts';
import type { TestCoordinator } from './coordinator.ts';
import { startRedis, type TestRedis } from './redis.ts';
import type { WorkerProcess } from './workers.ts';

/**
 * One cluster test's world, torn down after each test: a Redis of its own, a temp folder with `watch`, `output`
 * and `staging`, the worker processes pushed on `workers` and the coordinator given to `adopt`.
 */
export interface ClusterScene {
  workers: WorkerProcess[];
  start(prefix: string): Promise<{ redis: TestRedis; dir: TempDir }>;
  adopt(coordinator: TestCoordinator): TestCoordinator;
}

/** Call at describe level: registers the teardown (coordinator, then workers, then Redis, then the folder). */
export function clusterScene(): ClusterScene {
  let redis: TestRedis | null = null;
  let dir: TempDir | null = null;
  let coordinator: TestCoordinator | null = null;
  const workers: WorkerProcess[] = [];
  afterEach(async () => {
    await coordinator?.app.stop();
    await Promise.all(workers.splice(0).map((w) => w.kill()));
    await redis?.cleanup();
    await dir?.cleanup();
    coordinator = null;
    redis = null;
    dir = null;
  });
  return {
    workers,
    async start(prefix) {
      redis = await startRedis();
      dir = await makeTempDir(prefix);
      for (const sub of ['watch', 'output', 'staging']) await mkdir(dir.join(sub));
      return { redis, dir };
    },
    adopt(started) {
      coordinator = started;
      return started;
    },
  };
}
