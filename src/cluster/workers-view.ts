import { Redis } from 'ioredis';
import { WORKERS_VIEW_KEY } from './protocol.ts';
import type { WorkerView } from './worker-registry.ts';

/**
 * The workers as the running coordinator last published them (for `bvp status`, another process); null when no
 * coordinator publishes or Redis does not answer within `timeoutMs`.
 */
export async function readWorkersView(url: string, timeoutMs = 2000): Promise<WorkerView[] | null> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: timeoutMs });
  redis.on('error', () => {});
  try {
    await redis.connect();
    const text = await redis.get(WORKERS_VIEW_KEY);
    return text ? ((JSON.parse(text) as { workers: WorkerView[] }).workers ?? null) : null;
  } catch {
    return null;
  } finally {
    redis.disconnect();
  }
}
