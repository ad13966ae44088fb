import { Hono } from 'hono';
import { BulkRetryQuerySchema, DeleteHistoryQuerySchema, HistoryQuerySchema } from '../schemas.ts';
import { query } from '../validate.ts';
import type { RouteDeps } from './route-deps.ts';

/** Finished jobs from the store: paged listing and bulk actions by filter. */
export function createHistoryRoutes(deps: RouteDeps): Hono {
  const { service } = deps;
  const r = new Hono();

  r.get('/history', query(HistoryQuerySchema), (c) => c.json(service.history(c.req.valid('query'))));

  r.post('/history/retry', query(BulkRetryQuerySchema), (c) => {
    const retried = service.retryWhere({ status: c.req.valid('query').status });
    return c.json({ retried, count: retried.length });
  });

  // No filter deletes every finished job; the service never touches active ones.
  r.delete('/history', query(DeleteHistoryQuerySchema), (c) =>
    c.json({ deleted: service.deleteHistory(c.req.valid('query')) }),
  );

  return r;
}
