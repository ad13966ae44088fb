import type { Context, MiddlewareHandler } from 'hono';
import { apiErrorResponse } from '../error-map.ts';
import { STREAM_PROTOCOL } from './auth.ts';
import { hostAllowed } from './host-allow.ts';
import { matchOrigin } from './origins.ts';

/** What the guard reads per request: the security settings the running server enforces. */
export interface GuardPolicy {
  /** The address the listener is bound to (fixed until a restart). */
  boundHost: string;
  allowedHosts: readonly string[];
  corsOrigins: readonly string[];
  hasToken: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function isJson(contentType: string): boolean {
  return /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(contentType);
}

function hasBody(c: Context): boolean {
  const length = c.req.header('content-length');
  return c.req.header('transfer-encoding') !== undefined || (length !== undefined && length.trim() !== '0');
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host.trim().toLowerCase();
  } catch {
    return false;
  }
}

/**
 * Browser-safe by default, before any route runs (REST and the WebSocket upgrade alike):
 * - the Host header must name this server (421 otherwise), which defeats DNS rebinding;
 * - a request that carries an Origin must come from this server's own origin or one in `api.cors_origins` (403);
 * - a mutating request with a body, or with any Content-Type, must be `application/json` (415): browsers cannot send
 *   JSON cross-site without a CORS preflight, and HTML forms cannot send it at all;
 * - a WebSocket client that offers subprotocols must offer `bvp.v1`, so the server never has to pick (and echo)
 *   another one such as the `bvp.token.<token>` credential.
 * curl and scripts send no Origin and stay unaffected; a body-less `curl -X POST …/queue/pause` still works.
 *
 * @example
 * app.use('/api/*', requestGuard(() => ({ boundHost: '127.0.0.1', allowedHosts: [], corsOrigins: [], hasToken: false }), ['/api/v1/stream']));
 */
export function requestGuard(policy: () => GuardPolicy, streamPaths: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    const p = policy();
    const host = c.req.header('host');
    if (!hostAllowed(host, p.boundHost, p.allowedHosts)) {
      return apiErrorResponse(
        'request.misdirected',
        `This server does not answer to the host name "${host}"; add it to api.allowed_hosts to allow it`,
      );
    }
    const origin = c.req.header('origin');
    if (
      origin !== undefined &&
      !sameOrigin(origin, host) &&
      matchOrigin(origin, p.corsOrigins, p.hasToken) === null
    ) {
      return apiErrorResponse(
        'auth.forbidden',
        `Requests from the web page at ${origin} are not allowed; list the origin in api.cors_origins to allow it`,
      );
    }
    if (!SAFE_METHODS.has(c.req.method)) {
      const type = c.req.header('content-type');
      if ((type !== undefined && !isJson(type)) || (type === undefined && hasBody(c))) {
        return apiErrorResponse(
          'request.media_type',
          `${c.req.method} ${c.req.path} needs Content-Type: application/json (got ${type ?? 'none'})`,
        );
      }
    }
    if (streamPaths.includes(c.req.path)) {
      const offered = (c.req.header('sec-websocket-protocol') ?? '').split(',').map((s) => s.trim());
      if (offered.some(Boolean) && offered[0] !== STREAM_PROTOCOL) {
        return apiErrorResponse(
          'request.malformed',
          `A stream client that offers subprotocols must offer ${STREAM_PROTOCOL} first`,
        );
      }
    }
    return next();
  };
}
