import type { ApiConfig } from '../../config/types.ts';

/** The security settings the running server enforces, derived from the config it started with and the live one. */
export interface LivePolicy {
  boundHost: string;
  /** The token a request must present, or null when the API is open (loopback without a token). */
  token: string | null;
  corsOrigins: string[];
  allowedHosts: string[];
}

function activeToken(token: string | null | undefined): string | null {
  const trimmed = token?.trim();
  return trimmed ? trimmed : null;
}

/**
 * A live config edit may make the running server stricter at once but never looser until a restart: a new or
 * rotated token applies immediately, removing the token keeps the last one required; origins and host names removed
 * from the allow-lists stop working at once, added ones wait for the restart (listed in `restartRequired`). The
 * listening address is fixed at start. Reads the live config on every call, so edits need no notification.
 */
export function createLivePolicy(boot: ApiConfig, live: () => ApiConfig): () => LivePolicy {
  let lastToken = activeToken(boot.token);
  return () => {
    const api = live();
    const token = activeToken(api.token);
    if (token !== null) lastToken = token;
    const bootOrigins = new Set(boot.cors_origins);
    const bootHosts = new Set(boot.allowed_hosts ?? []);
    return {
      boundHost: boot.host,
      token: lastToken,
      corsOrigins: api.cors_origins.filter((o) => bootOrigins.has(o)),
      allowedHosts: (api.allowed_hosts ?? []).filter((h) => bootHosts.has(h)),
    };
  };
}
