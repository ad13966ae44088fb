import type { ApiConfig, Config } from './types.ts';

/**
 * Settings the running service cannot take without a restart: the listener, the data folder, the ffmpeg binaries,
 * the logger and the options the queue and its jobs were built with. Everything else (watch folders, rules,
 * profiles, output, collision, concurrency, body limit) is applied live.
 */
const FIELDS: Record<string, (c: Config) => unknown> = {
  'api.host': (c) => c.api.host,
  'api.port': (c) => c.api.port,
  data: (c) => c.data,
  'ffmpeg.ffmpeg': (c) => c.ffmpeg.ffmpeg,
  'ffmpeg.ffprobe': (c) => c.ffmpeg.ffprobe,
  'logging.level': (c) => c.logging.level,
  'logging.file': (c) => c.logging.file,
  'logging.format': (c) => c.logging.format ?? 'text',
  max_attempts: (c) => c.max_attempts,
  stall_seconds: (c) => c.stall_seconds,
  shutdown_grace_seconds: (c) => c.shutdown_grace_seconds,
  // The coordinator and the local worker are started once, with the service.
  'cluster.redis': (c) => c.cluster?.redis ?? null,
  'cluster.local_worker': (c) => c.cluster?.local_worker ?? null,
};

function activeToken(token: string | null | undefined): string | null {
  const trimmed = token?.trim();
  return trimmed ? trimmed : null;
}

/**
 * The security settings an edit loosens: the running server keeps the stricter ones until a restart (removing the
 * token keeps the old one required; added origins and host names wait).
 */
export function looserSecurity(before: ApiConfig, after: ApiConfig): string[] {
  const out: string[] = [];
  if (activeToken(before.token) !== null && activeToken(after.token) === null) out.push('api.token');
  const widened = (a: readonly string[], b: readonly string[]) => b.some((x) => !a.includes(x));
  if (widened(before.cors_origins, after.cors_origins)) out.push('api.cors_origins');
  if (widened(before.allowed_hosts, after.allowed_hosts)) out.push('api.allowed_hosts');
  return out;
}

/** Every changed setting that takes effect only after a restart, as dotted paths. */
export function restartRequired(before: Config, after: Config): string[] {
  const changed = Object.entries(FIELDS)
    .filter(([, read]) => JSON.stringify(read(before)) !== JSON.stringify(read(after)))
    .map(([path]) => path);
  return [...changed, ...looserSecurity(before.api, after.api)];
}
