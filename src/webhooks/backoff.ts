export interface BackoffOptions {
  /** First retry after about this long. Default 1000. */
  baseMs: number;
  /** No wait longer than this. Default 5 minutes. */
  maxMs: number;
  /** Attempts in all, the first included, before a delivery is given up as failed. Default 8. */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 300_000, maxAttempts: 8 };

/**
 * Wait before attempt `attempts + 1`: exponential, capped, with jitter (between half and all of it) so endpoints that
 * come back up are not hit by every pending delivery in the same instant.
 */
export function retryDelay(
  attempts: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
