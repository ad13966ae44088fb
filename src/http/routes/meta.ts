import { Hono } from 'hono';
import { StatsQuerySchema } from '../schemas.ts';
import { presentsToken } from '../security/auth.ts';
import type { TicketStore } from '../security/ws-tickets.ts';
import type { HealthChecks } from '../types.ts';
import { query } from '../validate.ts';
import type { RouteDeps } from './route-deps.ts';

async function runChecks(deps: RouteDeps): Promise<HealthChecks> {
  try {
    return await deps.health();
  } catch (error) {
    return { health: { ok: false, detail: error instanceof Error ? error.message : String(error) } };
  }
}

/** Health, status, stats and WebSocket tickets. */
export function createMetaRoutes(deps: RouteDeps, tickets: TicketStore): Hono {
  const { service } = deps;
  const r = new Hono();

  // Open without a token (monitoring probes); check details, which may name paths, only with the token.
  r.get('/health', async (c) => {
    const checks = await runChecks(deps);
    const ok = Object.values(checks).every((check) => check.ok);
    const detailed = await presentsToken(c, () => deps.config().api.token);
    const shown = detailed
      ? checks
      : Object.fromEntries(Object.entries(checks).map(([name, check]) => [name, { ok: check.ok }]));
    const body = {
      status: ok ? 'ok' : 'down',
      version: deps.version,
      uptimeSeconds: Math.round((deps.now() - deps.startedAt) / 1000),
      checks: shown,
    };
    return c.json(body, ok ? 200 : 503);
  });

  r.get('/status', (c) => c.json(service.status()));
  // Default window: the last 24 hours.
  r.get('/stats', query(StatsQuerySchema), (c) =>
    c.json(service.stats({ since: c.req.valid('query').since ?? deps.now() - 86_400_000 })),
  );
  r.post('/ws-ticket', (c) => c.json(tickets.issue(), 201));

  return r;
}
