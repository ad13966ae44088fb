import type { Hono } from 'hono';
import type { Metrics } from '../../metrics/metrics.ts';
import { requireBearer } from '../security/auth.ts';

export interface MetricsRouteDeps {
  metrics: Metrics;
  /** The API token, read per request: the same rule as /api/v1 (required whenever one is configured). */
  token: () => string | null | undefined;
  /** Connected clients of the event stream. */
  streamClients: () => number;
}

/** `GET /metrics` at the root, where Prometheus looks by default, behind the API's bearer token. */
export function mountMetrics(app: Hono, deps: MetricsRouteDeps): void {
  deps.metrics.countClients('events', deps.streamClients);
  app.use(
    '/metrics',
    requireBearer(deps.token, () => false),
  );
  app.get('/metrics', async (c) =>
    c.body(await deps.metrics.render(), 200, {
      'Content-Type': deps.metrics.contentType,
      'Cache-Control': 'no-store',
    }),
  );
}
