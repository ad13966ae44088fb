import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { type Bulletproof, startBulletproof } from '../../../src/app.ts';
import type { WorkerView } from '../../../src/cluster/worker-registry.ts';
import { loadStartHttp } from '../../../src/runtime/select.ts';
import type { ServiceEvent, ServiceEventOf, ServiceEventType } from '../../../src/service/events.ts';
import type { TempDir } from '../../helpers/clips.ts';
import { until } from '../../helpers/proc.ts';

export interface TestCoordinator {
  app: Bulletproof;
  events: ServiceEvent[];
  logs: string[];
  ofType<T extends ServiceEventType>(type: T): ServiceEventOf<T>[];
  workers(): WorkerView[];
  waitReady(names: string[], ms?: number): Promise<void>;
}

/** Writes a cluster config into `dir` (watch/, output/, data/) and starts the real app on it as the coordinator. */
export async function startTestCoordinator(
  dir: TempDir,
  redisUrl: string,
  extra: Record<string, unknown> = {},
  options: { http?: boolean } = {},
): Promise<TestCoordinator> {
  const configFile = dir.join('bvp.yaml');
  await writeFile(
    configFile,
    stringify({
      watch: [{ path: './watch', profile: 'live-h264' }],
      output: './output',
      data: './data',
      concurrency: 10,
      cluster: { redis: redisUrl, local_worker: false },
      ...extra,
    }),
  );
  const events: ServiceEvent[] = [];
  const logs: string[] = [];
  const app = await startBulletproof({
    configFile,
    watchConfig: false,
    log: (line) => logs.push(line),
    ...(options.http ? { startHttp: await loadStartHttp(), port: 0 } : {}),
    clusterTuning: { reconcileMs: 1000, preflightTimeoutMs: 10_000, cancelWaitMs: 5000 },
  });
  app.service.subscribe((event) => events.push(event));
  const workers = () => app.cluster?.workers() ?? [];
  return {
    app,
    events,
    logs,
    ofType: <T extends ServiceEventType>(type: T) =>
      events.filter((e): e is ServiceEventOf<T> => e.type === type),
    workers,
    async waitReady(names, ms = 20_000) {
      await until(
        () => names.every((n) => workers().some((w) => w.name === n && w.state === 'ready')),
        `workers ${names.join(', ')} ready (have ${JSON.stringify(workers().map((w) => [w.name, w.state]))}; log ${logs.join(' | ')})`,
        ms,
        50,
      );
    },
  };
}
