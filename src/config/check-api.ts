import { MIN_TOKEN_LENGTH } from './defaults.ts';
import { MAX_BODY_LIMIT } from './schema.ts';
import type { RawIssue } from './schema-issues.ts';
import type { ApiConfig } from './types.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '[::1]']);

/** The HTTP API is unauthenticated only on loopback (anyone on the show network could drive it otherwise); anything else needs a real token and no wildcard CORS. */
export function checkApi(api: ApiConfig): RawIssue[] {
  const issues: RawIssue[] = [];
  const loopback = LOOPBACK.has(api.host) || /^127\.\d+\.\d+\.\d+$/.test(api.host);
  if (api.token !== null && api.token.length < MIN_TOKEN_LENGTH) {
    issues.push({
      path: ['api', 'token'],
      message: `must be at least ${MIN_TOKEN_LENGTH} characters (a long random string, e.g. from "openssl rand -hex 24")`,
    });
  } else if (!loopback && api.token === null) {
    issues.push({
      path: ['api', 'host'],
      message: `binding ${api.host} exposes the API beyond this machine: set api.token (at least ${MIN_TOKEN_LENGTH} characters) or use 127.0.0.1`,
    });
  }
  api.cors_origins.forEach((origin, i) => {
    if (origin === '*') {
      issues.push({
        path: ['api', 'cors_origins', i],
        message: 'wildcard "*" is not allowed: list each origin, e.g. http://show-mac.local:8080',
      });
    } else if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      issues.push({
        path: ['api', 'cors_origins', i],
        message: `must be an origin such as http://host:8080 (no path); got "${origin}"`,
      });
    }
  });
  if (!(api.body_limit >= 1024 && api.body_limit <= MAX_BODY_LIMIT)) {
    issues.push({
      path: ['api', 'body_limit'],
      message: `must be between 1024 bytes and 64 MiB; got ${api.body_limit} bytes`,
    });
  }
  return issues;
}
