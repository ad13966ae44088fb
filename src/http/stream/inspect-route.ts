import { Hono } from 'hono';
import type { InspectClient, InspectHub } from '../../inspect/inspect-hub.ts';
import { apiErrorResponse } from '../error-map.ts';
import { streamCredentialsOk } from '../security/auth.ts';
import { websocketOriginAllowed } from '../security/origins.ts';
import type { TicketStore } from '../security/ws-tickets.ts';
import type { ConfigLike, WebSocketUpgrader } from '../types.ts';
import { toStreamSocket } from './stream-route.ts';

export const INSPECT_PATH = '/api/v1/inspect';

export interface InspectRouteDeps {
  inspect: InspectHub;
  upgradeWebSocket: WebSocketUpgrader;
  config: () => ConfigLike;
  tickets: TicketStore;
}

/**
 * GET /api/v1/inspect: XState's inspection events over a WebSocket, with the event stream's origin check and
 * credentials (Authorization header, `bvp.token.<token>` subprotocol or a single-use ticket). Query: `actor` (one or
 * more: a job id, `queue`, an intake path) narrows the stream; `paths=1` keeps file paths whole.
 */
export function createInspectRoute(deps: InspectRouteDeps): Hono {
  const route = new Hono();
  const token = () => deps.config().api.token;
  route.get(
    INSPECT_PATH,
    async (c, next) => {
      const api = deps.config().api;
      const hasToken = Boolean(api.token?.trim());
      if (!websocketOriginAllowed(c.req.header('origin'), c.req.header('host'), api.cors_origins, hasToken)) {
        return apiErrorResponse('auth.forbidden', 'This origin may not open the inspector stream');
      }
      if (!(await streamCredentialsOk(c, token, deps.tickets))) {
        return apiErrorResponse(
          'auth.unauthorized',
          'The inspector stream needs the token (Authorization header, subprotocol bvp.token.<token>, or ?ticket=)',
        );
      }
      return next();
    },
    deps.upgradeWebSocket((c) => {
      const actors = (c.req.queries('actor') ?? []).filter(Boolean);
      const paths = ['1', 'true'].includes(c.req.query('paths') ?? '');
      let client: InspectClient | null = null;
      return {
        onOpen: (_event, ws) => {
          client = deps.inspect.connect(toStreamSocket(ws), { actors: actors.length ? actors : null, paths });
        },
        onMessage: (event) => client?.receive(typeof event.data === 'string' ? event.data : ''),
        onClose: () => client?.disconnect(),
        onError: () => client?.disconnect(),
      };
    }),
    () => apiErrorResponse('request.upgrade_required', `GET ${INSPECT_PATH} is a WebSocket endpoint`),
  );
  return route;
}
