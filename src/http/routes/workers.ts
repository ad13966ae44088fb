import { Hono } from 'hono';
import type { WorkerView } from '../../cluster/worker-registry.ts';

/**
 * `GET /api/v1/workers`: who encodes in cluster mode (name, host, state, current jobs, encoders, last heartbeat,
 * preflight result). Without cluster mode the list is empty and `cluster` is false.
 */
export function createWorkerRoutes(workers: (() => WorkerView[]) | undefined): Hono {
  const r = new Hono();
  r.get('/workers', (c) => c.json({ cluster: workers !== undefined, workers: workers?.() ?? [] }));
  return r;
}
