import { Hono } from 'hono';
import { ConcurrencyBodySchema } from '../schemas.ts';
import { jsonBody } from '../validate.ts';
import type { RouteDeps } from './route-deps.ts';

/** The queue as a whole: view, pause/resume (start nothing new; running jobs go on), clear pending, concurrency. */
export function createQueueRoutes(deps: RouteDeps): Hono {
  const { service } = deps;
  const r = new Hono();

  r.get('/queue', (c) => c.json(service.queue()));

  r.post('/queue/pause', (c) => {
    service.pauseQueue();
    return c.json(service.status());
  });

  r.post('/queue/resume', (c) => {
    service.resumeQueue();
    return c.json(service.status());
  });

  r.post('/queue/clear', (c) => c.json({ cancelled: service.clearQueue() }));

  r.put('/queue/concurrency', jsonBody(ConcurrencyBodySchema), (c) => {
    service.setConcurrency(c.req.valid('json').value);
    return c.json(service.status());
  });

  return r;
}
