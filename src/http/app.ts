import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { WorkerView } from '../cluster/worker-registry.ts';
import type { ConfigControl } from '../config/control.ts';
import type { Config } from '../config/index.ts';
import type { MachineDefinition } from '../inspect/definitions.ts';
import type { InspectHub } from '../inspect/inspect-hub.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { ServiceApi } from '../service/types.ts';
import type { Webhooks } from '../webhooks/webhooks.ts';
import { apiErrorResponse, createErrorHandler } from './error-map.ts';
import { createConfigRoutes } from './routes/config.ts';
import { createDashboardRoutes } from './routes/dashboard.ts';
import { createDocsRoutes } from './routes/docs.ts';
import { createHistoryRoutes } from './routes/history.ts';
import { createJobRoutes } from './routes/jobs.ts';
import { createMachineRoutes } from './routes/machines.ts';
import { createMetaRoutes } from './routes/meta.ts';
import { mountMetrics } from './routes/metrics.ts';
import { createPosterRoutes } from './routes/poster.ts';
import { createQueueRoutes } from './routes/queue.ts';
import type { RouteDeps } from './routes/route-deps.ts';
import { createWebhookRoutes } from './routes/webhooks.ts';
import { createWorkerRoutes } from './routes/workers.ts';
import { requireBearer } from './security/auth.ts';
import { createLivePolicy } from './security/live-policy.ts';
import { corsFromConfig } from './security/origins.ts';
import { requestGuard } from './security/request-guard.ts';
import { createTicketStore } from './security/ws-tickets.ts';
import { createEventHub, type EventHub } from './stream/event-hub.ts';
import { createInspectRoute, INSPECT_PATH } from './stream/inspect-route.ts';
import { createStreamRoute } from './stream/stream-route.ts';
import type { HealthChecks, StreamOptions, WebSocketUpgrader } from './types.ts';

export interface AppDeps {
  service: ServiceApi;
  /** The running configuration, read per request (token, CORS origins and body limit follow live edits). */
  config: () => Config;
  /** Config edits (PUT/PATCH /config, POST /config/validate); without it those answer 501. */
  configControl?: ConfigControl;
  version: string;
  health: () => HealthChecks | Promise<HealthChecks>;
  /** Supplied by the runtime entry (src/runtime/node.ts or deno.ts). */
  upgradeWebSocket: WebSocketUpgrader;
  stream?: Partial<StreamOptions>;
  now?: () => number;
  /** Where internal errors go (their details never reach a response). */
  log?: (error: unknown) => void;
  /** Where the server actually listens (the `--port` used), shown by GET /config; null before it listens. */
  listening?: () => { host: string; port: number } | null;
  /** The state-chart inspector: GET /api/v1/machines and the /api/v1/inspect WebSocket (absent: 404). */
  inspect?: {
    hub: InspectHub;
    machines: { list(): MachineDefinition[]; get(name: string): MachineDefinition | undefined };
  };
  /** Prometheus metrics served at GET /metrics; without it there is no such route. */
  metrics?: Metrics;
  /** Signed webhooks: their delivery log and test endpoint (501 without). */
  webhooks?: Webhooks;
  /** Cluster mode's workers for GET /api/v1/workers (absent: not in cluster mode, an empty list). */
  workers?: () => WorkerView[];
}

export interface HttpApp {
  app: Hono;
  hub: EventHub;
}

/** What a runtime entry calls with its own upgradeWebSocket. */
export type AppFactory = (upgradeWebSocket: WebSocketUpgrader) => HttpApp;

/** Paths reachable without the token; the stream checks credentials itself (browsers cannot send headers there). */
const STREAM_PATH = '/api/v1/stream';
const OPEN_PATHS = new Set(['/api/v1/health', '/api/v1/openapi.json', STREAM_PATH, INSPECT_PATH]);

/**
 * Header-writing middleware must stay off the upgrade: Deno's 101 response has immutable headers, and the stream
 * does its own origin check.
 */
function exceptStream(middleware: MiddlewareHandler): MiddlewareHandler {
  return (c, next) =>
    c.req.path === STREAM_PATH || c.req.path === INSPECT_PATH ? next() : middleware(c, next);
}

/**
 * The HTTP API as a runtime-neutral Hono app (Web Request/Response only) plus the WebSocket hub it streams through.
 */
export function createApp(deps: AppDeps): HttpApp {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? ((error: unknown) => console.error('[http]', error));
  const api = () => deps.config().api;
  // Security edits may tighten the running server at once but loosen it only after a restart.
  const policy = createLivePolicy(api(), api);
  const hasToken = () => policy().token !== null;
  const secured = () => {
    const live = deps.config();
    const p = policy();
    return { ...live, api: { ...live.api, token: p.token, cors_origins: p.corsOrigins } };
  };
  const tickets = createTicketStore({ now });
  const hub = createEventHub({ service: deps.service, options: deps.stream, now, onError: log });
  const routeDeps: RouteDeps = {
    service: deps.service,
    config: secured,
    version: deps.version,
    health: deps.health,
    startedAt: now(),
    now,
  };

  const app = new Hono();
  app.use(
    '*',
    requestGuard(() => ({ ...policy(), hasToken: hasToken() }), [STREAM_PATH, INSPECT_PATH]),
  );
  app.use('/api/*', exceptStream(secureHeaders({ strictTransportSecurity: false })));
  app.use('/api/*', exceptStream(corsFromConfig(() => policy().corsOrigins, hasToken)));
  app.use(
    '/api/v1/*',
    requireBearer(
      () => policy().token,
      (path) => OPEN_PATHS.has(path),
    ),
  );
  app.use('/api/v1/*', (c, next) =>
    bodyLimit({
      maxSize: api().body_limit,
      onError: () =>
        apiErrorResponse('request.too_large', `The request body is over ${api().body_limit} bytes`),
    })(c, next),
  );

  app.route('/', createDocsRoutes(deps.version));
  app.route('/', createDashboardRoutes({ config: deps.config, configControl: deps.configControl, now }));
  if (deps.metrics)
    mountMetrics(app, {
      metrics: deps.metrics,
      token: () => api().token,
      streamClients: () => hub.clientCount,
    });
  app.route(
    '/',
    createStreamRoute({ hub, upgradeWebSocket: deps.upgradeWebSocket, config: secured, tickets }),
  );
  if (deps.inspect) {
    const { upgradeWebSocket } = deps;
    app.route(
      '/',
      createInspectRoute({ inspect: deps.inspect.hub, upgradeWebSocket, config: secured, tickets }),
    );
    app.route('/api/v1', createMachineRoutes(deps.inspect.machines));
  }
  for (const routes of [
    createMetaRoutes(routeDeps, tickets),
    createQueueRoutes(routeDeps),
    createHistoryRoutes(routeDeps),
    createConfigRoutes(deps.configControl, deps.config, deps.listening, deps.service.profileSupport),
    createJobRoutes(routeDeps),
    createPosterRoutes(routeDeps),
    createWebhookRoutes(deps.webhooks),
    createWorkerRoutes(deps.workers),
  ]) {
    app.route('/api/v1', routes);
  }

  app.notFound((c) => apiErrorResponse('route.not_found', `No route for ${c.req.method} ${c.req.path}`));
  app.onError(createErrorHandler(log));
  return { app, hub };
}
