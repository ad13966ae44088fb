import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from '../config/index.ts';
import type { ServiceApi } from '../service/types.ts';
import type { ConfigControl } from './config-control.ts';
import { apiErrorResponse, createErrorHandler } from './error-map.ts';
import { createConfigRoutes } from './routes/config.ts';
import { createDocsRoutes } from './routes/docs.ts';
import { createHistoryRoutes } from './routes/history.ts';
import { createJobRoutes } from './routes/jobs.ts';
import { createMetaRoutes } from './routes/meta.ts';
import { createQueueRoutes } from './routes/queue.ts';
import type { RouteDeps } from './routes/route-deps.ts';
import { requireBearer } from './security/auth.ts';
import { corsFromConfig } from './security/origins.ts';
import { createTicketStore } from './security/ws-tickets.ts';
import { createEventHub, type EventHub } from './stream/event-hub.ts';
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
}

export interface HttpApp {
  app: Hono;
  hub: EventHub;
}

/** What a runtime entry calls with its own upgradeWebSocket. */
export type AppFactory = (upgradeWebSocket: WebSocketUpgrader) => HttpApp;

/** Paths reachable without the token; the stream checks credentials itself (browsers cannot send headers there). */
const STREAM_PATH = '/api/v1/stream';
const OPEN_PATHS = new Set(['/api/v1/health', '/api/v1/openapi.json', STREAM_PATH]);

/**
 * Header-writing middleware must stay off the upgrade: Deno's 101 response has immutable headers, and the stream
 * does its own origin check.
 */
function exceptStream(middleware: MiddlewareHandler): MiddlewareHandler {
  return (c, next) => (c.req.path === STREAM_PATH ? next() : middleware(c, next));
}

/**
 * The HTTP API as a runtime-neutral Hono app (Web Request/Response only) plus the WebSocket hub it streams through.
 */
export function createApp(deps: AppDeps): HttpApp {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? ((error: unknown) => console.error('[http]', error));
  const api = () => deps.config().api;
  const hasToken = () => Boolean(api().token?.trim());
  const tickets = createTicketStore({ now });
  const hub = createEventHub({ service: deps.service, options: deps.stream, now, onError: log });
  const routeDeps: RouteDeps = {
    service: deps.service,
    config: deps.config,
    version: deps.version,
    health: deps.health,
    startedAt: now(),
    now,
  };

  const app = new Hono();
  app.use('/api/*', exceptStream(secureHeaders({ strictTransportSecurity: false })));
  app.use('/api/*', exceptStream(corsFromConfig(() => api().cors_origins, hasToken)));
  app.use(
    '/api/v1/*',
    requireBearer(
      () => api().token,
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
  app.route(
    '/',
    createStreamRoute({ hub, upgradeWebSocket: deps.upgradeWebSocket, config: deps.config, tickets }),
  );
  for (const routes of [
    createMetaRoutes(routeDeps, tickets),
    createQueueRoutes(routeDeps),
    createHistoryRoutes(routeDeps),
    createConfigRoutes(deps.configControl, deps.config, deps.service.profileSupport),
    createJobRoutes(routeDeps),
  ]) {
    app.route('/api/v1', routes);
  }

  app.notFound((c) => apiErrorResponse('route.not_found', `No route for ${c.req.method} ${c.req.path}`));
  app.onError(createErrorHandler(log));
  return { app, hub };
}
