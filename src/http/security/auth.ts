import type { Context, MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { timingSafeEqual } from 'hono/utils/buffer';
import { apiErrorResponse } from '../error-map.ts';
import type { TicketStore } from './ws-tickets.ts';

/** The subprotocol a stream client names first; the server echoes it back. */
export const STREAM_PROTOCOL = 'bvp.v1';
/** A browser passes the token as a second subprotocol `bvp.token.<token>` (it cannot set headers on a WebSocket). */
export const TOKEN_PROTOCOL_PREFIX = 'bvp.token.';

type TokenSource = () => string | null | undefined;

function activeToken(getToken: TokenSource): string | null {
  const token = getToken()?.trim();
  return token ? token : null;
}

/**
 * REST authentication with Hono's bearer-auth, active only while a token is configured (read per request, so a
 * config edit takes effect at once). Preflight requests and the paths `isOpen` names pass without a token.
 */
export function requireBearer(getToken: TokenSource, isOpen: (path: string) => boolean): MiddlewareHandler {
  const deny = (message: string) => () => apiErrorResponse('auth.unauthorized', message);
  const auth = bearerAuth({
    verifyToken: async (presented) => {
      const token = activeToken(getToken);
      return token !== null && (await timingSafeEqual(token, presented));
    },
    noAuthenticationHeader: { message: deny('This API needs an Authorization: Bearer token') },
    invalidAuthenticationHeader: { message: deny('The Authorization header is not a bearer token') },
    invalidToken: { message: deny('The bearer token is not valid') },
  });
  return async (c, next) => {
    if (activeToken(getToken) === null || c.req.method === 'OPTIONS' || isOpen(c.req.path)) return next();
    return auth(c, next);
  };
}

function offeredProtocols(c: Context): string[] {
  return (c.req.header('sec-websocket-protocol') ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

/**
 * WebSocket credentials, in the order non-browser and browser clients use them: an Authorization header, the
 * `bvp.token.<token>` subprotocol, or a single-use `?ticket=` from POST /api/v1/ws-ticket.
 */
export async function streamCredentialsOk(
  c: Context,
  getToken: TokenSource,
  tickets: TicketStore,
): Promise<boolean> {
  const token = activeToken(getToken);
  if (token === null) return true;
  const bearer = /^bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '');
  if (bearer && (await timingSafeEqual(token, bearer[1].trim()))) return true;
  for (const protocol of offeredProtocols(c)) {
    if (!protocol.startsWith(TOKEN_PROTOCOL_PREFIX)) continue;
    if (await timingSafeEqual(token, protocol.slice(TOKEN_PROTOCOL_PREFIX.length))) return true;
  }
  const ticket = c.req.query('ticket');
  return ticket !== undefined && tickets.consume(ticket);
}

/** Whether the request carries the configured bearer token (for open routes that show more to authenticated callers). */
export async function presentsToken(c: Context, getToken: TokenSource): Promise<boolean> {
  const token = activeToken(getToken);
  if (token === null) return true;
  const bearer = /^bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '');
  return bearer !== null && (await timingSafeEqual(token, bearer[1].trim()));
}
