import { mkdir } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkerView } from '../../src/cluster/worker-registry.ts';
import { bvp } from '../helpers/bvp.ts';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';
import { connectStream, type StreamTestClient } from '../http/helpers/ws-client.ts';
import { startTestCoordinator, type TestCoordinator } from './helpers/coordinator.ts';
import { REDIS_SERVER, SKIP_REASON, startRedis, type TestRedis } from './helpers/redis.ts';
import { startWorkerProcess, type WorkerProcess } from './helpers/workers.ts';

if (!REDIS_SERVER) console.warn(SKIP_REASON);

describe.skipIf(!REDIS_SERVER)('cluster: who encodes, seen from the API, the stream and bvp status', () => {
  let redis: TestRedis | null = null;
  let dir: TempDir | null = null;
  let coordinator: TestCoordinator | null = null;
  let stream: StreamTestClient | null = null;
  const workers: WorkerProcess[] = [];

  afterEach(async () => {
    stream?.close();
    await coordinator?.app.stop();
    await Promise.all(workers.splice(0).map((w) => w.kill()));
    await redis?.cleanup();
    await dir?.cleanup();
    coordinator = null;
  });

  it('lists workers in GET /api/v1/workers and bvp status, and streams worker.joined and worker.left', async () => {
    redis = await startRedis();
    dir = await makeTempDir('bvp-cluster-visible-');
    for (const sub of ['watch', 'output']) await mkdir(dir.join(sub));
    coordinator = await startTestCoordinator(
      dir,
      redis.url,
      { cluster: { redis: redis.url } },
      { http: true },
    );
    const base = coordinator.app.http!.url;
    stream = await connectStream(base);
    const s = stream;
    workers.push(startWorkerProcess(redis.url, 'edit-bay'));

    const joined = await s.waitFor(
      (m) => m.type === 'worker.joined' && workerOf(m).name === 'edit-bay',
      30_000,
    );
    expect(workerOf(joined)).toMatchObject({ name: 'edit-bay', state: 'preflight', concurrency: 1 });
    await coordinator.waitReady(['edit-bay', 'local']);
    const listed = (await (await fetch(`${base}/api/v1/workers`)).json()) as {
      cluster: boolean;
      workers: WorkerView[];
    };
    expect(listed.cluster).toBe(true);
    const bay = listed.workers.find((w) => w.name === 'edit-bay');
    expect(bay).toMatchObject({ state: 'ready', jobs: [], preflight: { ok: true, failures: [] } });
    expect(bay?.encoders).toContain('libx264');
    expect(bay?.ffmpegVersion).toMatch(/\d/);
    // The coordinator's own encoder counts as a worker named local (cluster.local_worker defaults to true).
    expect(listed.workers.map((w) => w.name).sort()).toEqual(['edit-bay', 'local']);

    const status = await bvp(['status', '--config', dir.join('bvp.yaml')]);
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toMatch(/^worker edit-bay\s+ready\s/m);
    expect(status.stdout).toMatch(/^worker local\s+ready\s/m);

    await workers[0].kill('SIGTERM');
    const left = await s.waitFor((m) => m.type === 'worker.left', 30_000);
    expect(workerOf(left)).toMatchObject({ name: 'edit-bay', state: 'left' });
  }, 120_000);
});

function workerOf(message: { data: unknown }): WorkerView {
  return (message.data as { worker: WorkerView }).worker;
}
