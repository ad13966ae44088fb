import { Hono } from 'hono';
import type { WSContext } from 'hono/ws';
import { apiErrorResponse } from '../error-map.ts';
import { streamCredentialsOk } from '../security/auth.ts';
import { websocketOriginAllowed } from '../security/origins.ts';
import type { TicketStore } from '../security/ws-tickets.ts';
import type { ConfigLike, WebSocketUpgrader } from '../types.ts';
import type { StreamSocket } from './client-channel.ts';
import type { EventHub, SnapshotForm, StreamClient } from './event-hub.ts';

const SNAPSHOT_FORMS: readonly SnapshotForm[] = ['full', 'rows'];

/** `?snapshot=` as given, or null when it names no form. */
function snapshotForm(value: string | undefined): SnapshotForm | null {
  return SNAPSHOT_FORMS.find((f) => f === (value ?? 'full')) ?? null;
}

export interface StreamRouteDeps {
  hub: EventHub;
  upgradeWebSocket: WebSocketUpgrader;
  config: () => ConfigLike;
  tickets: TicketStore;
}

export function toStreamSocket(ws: WSContext<unknown>): StreamSocket {
  return {
    send: (text) => ws.send(text),
    close: (code, reason) => ws.close(code, reason),
    // `ws` on Node and Deno's WebSocket both expose bufferedAmount on the raw socket.
    bufferedAmount: () => {
      const raw = ws.raw as { bufferedAmount?: unknown } | undefined;
      return typeof raw?.bufferedAmount === 'number' ? raw.bufferedAmount : 0;
    },
  };
}

/**
 * GET /api/v1/stream. The guard runs before the upgrade, so a refused origin (403) or missing credentials (401) are
 * answered as plain HTTP and no socket is ever opened.
 */
export function createStreamRoute(deps: StreamRouteDeps): Hono {
  const route = new Hono();
  const token = () => deps.config().api.token;
  route.get(
    '/api/v1/stream',
    async (c, next) => {
      const form = c.req.query('snapshot');
      if (snapshotForm(form) === null) {
        return apiErrorResponse(
          'request.invalid',
          `query parameter snapshot must be ${SNAPSHOT_FORMS.join(' or ')}, got "${form}"`,
          { field: 'snapshot', value: form },
        );
      }
      const api = deps.config().api;
      const hasToken = Boolean(api.token?.trim());
      if (!websocketOriginAllowed(c.req.header('origin'), c.req.header('host'), api.cors_origins, hasToken)) {
        return apiErrorResponse('auth.forbidden', 'This origin may not open the event stream');
      }
      if (!(await streamCredentialsOk(c, token, deps.tickets))) {
        return apiErrorResponse(
          'auth.unauthorized',
          'The event stream needs the token (Authorization header, subprotocol bvp.token.<token>, or ?ticket=)',
        );
      }
      return next();
    },
    deps.upgradeWebSocket((c) => {
      let client: StreamClient | null = null;
      const snapshot = snapshotForm(c.req.query('snapshot')) ?? 'full';
      return {
        onOpen: (_event, ws) => {
          client = deps.hub.connect(toStreamSocket(ws), { snapshot });
        },
        onMessage: (event) => client?.receive(typeof event.data === 'string' ? event.data : ''),
        onClose: () => client?.disconnect(),
        onError: () => client?.disconnect(),
      };
    }),
    () => apiErrorResponse('request.upgrade_required', 'GET /api/v1/stream is a WebSocket endpoint'),
  );
  return route;
}
