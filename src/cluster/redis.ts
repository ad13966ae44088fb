import { Redis } from 'ioredis';
import { BvpError } from '../errors.ts';

/** BullMQ 5 needs Redis 6.2 or newer (its scripts use commands added then). */
export const MIN_REDIS_VERSION = [6, 2, 0] as const;

/**
 * A Redis connection as BullMQ's blocking clients need it: `maxRetriesPerRequest: null` (a command waits for a
 * reconnect instead of failing), so a Redis restart pauses the work rather than losing it.
 */
export function connectRedis(url: string, name: string, onError?: (error: Error) => void): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, connectionName: name, lazyConnect: false });
  // ioredis reconnects by itself; without a listener each failed attempt is printed as "Unhandled error event".
  redis.on('error', onError ?? (() => {}));
  return redis;
}

export interface RedisFacts {
  version: string;
  maxmemoryPolicy: string;
  aof: boolean;
}

/** Reads version, eviction policy and AOF from INFO (CONFIG GET is often renamed away on managed Redis). */
export async function readRedisFacts(redis: Redis): Promise<RedisFacts> {
  const info = parseInfo(await redis.info());
  return {
    version: info.get('redis_version') ?? '0.0.0',
    maxmemoryPolicy: info.get('maxmemory_policy') ?? 'unknown',
    aof: info.get('aof_enabled') === '1',
  };
}

export function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0 && !line.startsWith('#')) fields.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  return fields;
}

/**
 * Refuses a Redis that would lose work on its own: an evicting `maxmemory-policy` drops queued jobs and locks under
 * memory pressure (BullMQ then loses or double-runs encodes), and a Redis older than 6.2 cannot run BullMQ's scripts.
 * Returns warnings for what is merely unwise (no AOF).
 */
export function checkRedisFacts(facts: RedisFacts, url: string): string[] {
  const where = redactUrl(url);
  if (facts.maxmemoryPolicy !== 'noeviction') {
    throw new BvpError(
      'config.invalid',
      `cluster.redis ${where}: Redis runs with maxmemory-policy ${facts.maxmemoryPolicy}, which evicts keys under memory pressure and would silently drop queued encodes and their locks; set "maxmemory-policy noeviction" in redis.conf (or CONFIG SET maxmemory-policy noeviction) and start again`,
      { details: { field: 'cluster.redis', maxmemoryPolicy: facts.maxmemoryPolicy } },
    );
  }
  if (compareVersions(facts.version, MIN_REDIS_VERSION) < 0) {
    throw new BvpError(
      'config.invalid',
      `cluster.redis ${where}: Redis ${facts.version} is too old; BullMQ needs ${MIN_REDIS_VERSION.join('.')} or newer`,
      { details: { field: 'cluster.redis', version: facts.version } },
    );
  }
  return facts.aof
    ? []
    : [
        `cluster.redis ${where}: AOF is off (appendonly no); a Redis restart loses the queue, which the coordinator then rebuilds from its store`,
      ];
}

function compareVersions(version: string, min: readonly number[]): number {
  const parts = version.split('.').map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < min.length; i++) {
    const d = (parts[i] ?? 0) - (min[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The URL without its password, for messages and views. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
