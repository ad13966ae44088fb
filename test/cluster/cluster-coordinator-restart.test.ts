import { mkdir, rename, writeFile } from 'node:fs/promises';
import { execa, type ResultPromise } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { openStore } from '../../src/store/index.ts';
import { BVP_BIN, REPO_ROOT } from '../helpers/bvp.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { until } from '../helpers/proc.ts';
import { listFiles } from '../integration/helpers/media.ts';
import { REDIS_SERVER, SKIP_REASON, startRedis, type TestRedis } from './helpers/redis.ts';
import { startWorkerProcess, type WorkerProcess } from './helpers/workers.ts';

if (!REDIS_SERVER) console.warn(SKIP_REASON);

const COUNT = 6;

describe.skipIf(!REDIS_SERVER)('cluster: the coordinator killed mid-burst', () => {
  let redis: TestRedis | null = null;
  let dir: TempDir | null = null;
  let serve: ResultPromise | null = null;
  const workers: WorkerProcess[] = [];

  afterEach(async () => {
    serve?.kill('SIGKILL');
    await serve;
    await Promise.all(workers.splice(0).map((w) => w.kill()));
    await redis?.cleanup();
    await dir?.cleanup();
  });

  it('loses no job and runs none twice after a SIGKILL and a restart', async () => {
    redis = await startRedis();
    dir = await makeTempDir('bvp-cluster-coord-');
    for (const sub of ['watch', 'output', 'staging']) await mkdir(dir.join(sub));
    const names = Array.from({ length: COUNT }, (_, i) => `take ${i}.mov`);
    await Promise.all(
      names.map((n) => makeClip(dir!.join('staging', n), { seconds: 8, width: 480, height: 270 })),
    );
    const configFile = dir.join('bvp.yaml');
    await writeFile(
      configFile,
      stringify({
        watch: [{ path: './watch', profile: 'live-h264', stable_seconds: 1, poll_interval: 1 }],
        output: './output',
        data: './data',
        concurrency: 10,
        api: { port: 0 },
        cluster: { redis: redis.url, local_worker: false },
      }),
    );
    workers.push(startWorkerProcess(redis.url, 'w1'), startWorkerProcess(redis.url, 'w2'));
    const startServe = () =>
      execa('node', [BVP_BIN, 'serve', '--config', configFile], { cwd: REPO_ROOT, reject: false, all: true });
    const counts = () => {
      const store = openStore(dir!.join('data', 'bvp.db'));
      try {
        return store.countByStatus();
      } finally {
        store.close();
      }
    };
    serve = startServe();
    await until(
      () => workers.every((w) => /taking jobs/.test(w.output())),
      'workers taking jobs',
      60_000,
      100,
    );
    await Promise.all(names.map((n) => rename(dir!.join('staging', n), dir!.join('watch', n))));
    await until(
      () => workers.some((w) => /: encoding /.test(w.output())),
      'an encode under way',
      60_000,
      100,
    );
    serve.kill('SIGKILL');
    await serve;

    serve = startServe();
    await until(
      () => {
        try {
          const c = counts();
          return c.completed + c.failed + c.cancelled >= COUNT;
        } catch {
          return false;
        }
      },
      `${COUNT} jobs finished after the restart`,
      240_000,
      500,
    );
    const c = counts();
    expect(c).toMatchObject({ completed: COUNT, failed: 0, cancelled: 0, pending: 0, running: 0 });
    expect(await listFiles(dir.join('output'))).toEqual(names.map((n) => n.replace('.mov', '.mp4')).sort());
  }, 360_000);
});
