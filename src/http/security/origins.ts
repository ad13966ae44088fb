import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/**
 * The origin to echo for a CORS request, or null. A wildcard is honoured only while a token is set: without one, a
 * wildcard would let any web page the operator visits drive the API (the original's CORS `*`).
 */
export function matchOrigin(origin: string, allowList: readonly string[], hasToken: boolean): string | null {
  if (origin && allowList.includes(origin)) return origin;
  if (allowList.includes('*') && hasToken) return '*';
  return null;
}

/** CORS off unless `api.cors_origins` lists origins; never `Access-Control-Allow-Credentials` (auth is a header). */
export function corsFromConfig(
  getOrigins: () => readonly string[],
  hasToken: () => boolean,
): MiddlewareHandler {
  const handler = cors({
    origin: (origin) => matchOrigin(origin, getOrigins(), hasToken()),
    allowHeaders: ['Authorization', 'Content-Type'],
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    maxAge: 600,
    credentials: false,
  });
  return (c, next) => (getOrigins().length === 0 ? next() : handler(c, next));
}

/**
 * WebSocket origin check: browsers always send Origin, so a missing one is a non-browser client (allowed); a browser
 * page must be same-origin (Origin's host equals Host) or listed in `api.cors_origins`.
 */
export function websocketOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowList: readonly string[],
  hasToken: boolean,
): boolean {
  if (origin === undefined) return true;
  if (matchOrigin(origin, allowList, hasToken) !== null) return true;
  try {
    return host !== undefined && new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}
