import { dirname } from 'node:path';
import type { SourceAction } from '../../machines/types.ts';
import { CLUSTER_NEEDS_NODE } from './cluster-schema.ts';
import { DEFAULTS } from './defaults.ts';
import type { DocPath } from './issue-path.ts';
import { normalizeWatch, toSourceAction, type WatchContext, type WatchOrigin } from './normalize-watch.ts';
import { resolveCommandPath, resolveConfigPath } from './resolve-path.ts';
import type { ConfigFile, WatchFile } from './schema.ts';
import type { RawIssue } from './schema-issues.ts';
import type { Config, LogLevel, WatchConfig } from './types.ts';

export type { WatchOrigin } from './normalize-watch.ts';

export interface Normalized {
  config: Config;
  origins: WatchOrigin[];
  issues: RawIssue[];
}

/**
 * Both file forms → one Config. The original's `watch_directory` becomes watch[0] with the top-level rules;
 * `delete_input` becomes a source action; Python log levels map onto ours. Conflicting spellings of one setting
 * are issues rather than a silent winner.
 */
export function normalize(file: ConfigFile, baseDir: string): Normalized {
  const issues: RawIssue[] = [];
  const abs = (value: string) => resolveConfigPath(baseDir, value);
  const conflict = (a: keyof ConfigFile, b: keyof ConfigFile, what: string) => {
    if (file[a] !== undefined && file[b] !== undefined) {
      issues.push({ path: [b], message: `"${a}" and "${b}" both set ${what}; keep one`, at: 'key' });
    }
  };
  conflict('watch', 'watch_directory', 'the watch folders');
  conflict('output', 'output_directory', 'the output folder');
  conflict('source_action', 'delete_input', 'what happens to sources');
  conflict('data', 'persist_path', 'where state is kept');
  if (file.log_level !== undefined && file.logging?.level !== undefined) {
    issues.push({
      path: ['log_level'],
      message: '"log_level" and "logging.level" both set; keep one',
      at: 'key',
    });
  }
  if (file.log_file != null && file.logging?.file != null) {
    issues.push({
      path: ['log_file'],
      message: '"log_file" and "logging.file" both set; keep one',
      at: 'key',
    });
  }

  if (file.cluster && 'Deno' in globalThis)
    issues.push({ path: ['cluster'], message: CLUSTER_NEEDS_NODE, at: 'key' });

  const outputKey: DocPath = file.output !== undefined ? ['output'] : ['output_directory'];
  const output = abs(file.output ?? file.output_directory ?? DEFAULTS.output);
  const globalAction =
    toSourceAction(file.source_action, file.delete_input, abs) ?? ({ kind: 'keep' } satisfies SourceAction);
  const globalActionKey: DocPath = file.delete_input !== undefined ? ['delete_input'] : ['source_action'];

  const entries: { raw: WatchFile; entry: DocPath }[] = [];
  if (file.watch) entries.push(...file.watch.map((raw, i) => ({ raw, entry: ['watch', i] as DocPath })));
  else if (file.watch_directory !== undefined)
    entries.push({ raw: { path: file.watch_directory }, entry: [] });
  else {
    issues.push({
      path: [],
      message:
        'no watch folder: add "watch: [{ path: ./watch, profile: live-qlab }]" (or the original\'s watch_directory)',
    });
  }

  const sharedRules = file.rules ?? [];
  const context: WatchContext = {
    abs,
    output,
    outputKey,
    sourceAction: globalAction,
    sourceActionKey: globalActionKey,
    pollInterval: file.poll_interval,
    sharedRules,
  };
  const origins: WatchOrigin[] = [];
  let sharedRulesUsed = sharedRules.length === 0;
  const watch: WatchConfig[] = entries.map(({ raw, entry }) => {
    const result = normalizeWatch(raw, entry, context);
    issues.push(...result.issues);
    origins.push(result.origin);
    if (result.usesSharedRules) sharedRulesUsed = true;
    return result.watch;
  });
  if (!sharedRulesUsed && file.watch) {
    issues.push({
      path: ['rules'],
      message:
        'top-level rules apply only to watch folders without their own rules or profile, and there are none',
      at: 'key',
    });
  }

  const persist = file.persist_path ? abs(file.persist_path) : undefined;
  const config: Config = {
    watch,
    output,
    source_action: globalAction,
    collision: file.collision ?? DEFAULTS.collision,
    concurrency: file.concurrency ?? DEFAULTS.concurrency,
    max_attempts: file.max_attempts ?? DEFAULTS.max_attempts,
    stall_seconds: file.stall_seconds ?? DEFAULTS.stall_seconds,
    shutdown_grace_seconds: file.shutdown_grace_seconds ?? DEFAULTS.shutdown_grace_seconds,
    // The original kept its queue in one JSON file; its folder is where our state goes.
    data: file.data
      ? abs(file.data)
      : persist
        ? /\.json$/i.test(persist)
          ? dirname(persist)
          : persist
        : abs(DEFAULTS.data),
    profiles: [],
    api: {
      host: file.api?.host ?? DEFAULTS.api.host,
      port: file.api?.port ?? DEFAULTS.api.port,
      token: file.api?.token ?? null,
      cors_origins: file.api?.cors_origins ?? [],
      allowed_hosts: file.api?.allowed_hosts ?? [],
      body_limit: toBytes(file.api?.body_limit ?? DEFAULTS.api.body_limit),
    },
    ffmpeg: {
      ffmpeg: file.ffmpeg?.ffmpeg ? resolveCommandPath(baseDir, file.ffmpeg.ffmpeg) : null,
      ffprobe: file.ffmpeg?.ffprobe ? resolveCommandPath(baseDir, file.ffmpeg.ffprobe) : null,
    },
    ...(file.webhooks ? { webhooks: file.webhooks } : {}),
    ...(file.cluster
      ? { cluster: { redis: file.cluster.redis, local_worker: file.cluster.local_worker ?? true } }
      : {}),
    logging: {
      level: toLogLevel(file.logging?.level ?? file.log_level ?? DEFAULTS.log_level),
      file: (file.logging?.file ?? file.log_file) ? abs((file.logging?.file ?? file.log_file)!) : null,
      ...(file.logging?.format ? { format: file.logging.format } : {}),
    },
  };
  return { config, origins, issues };
}

function toLogLevel(level: string): LogLevel {
  if (level === 'warning') return 'warn';
  if (level === 'critical') return 'error';
  return level as LogLevel;
}

// Binary multiples, as the `bytes` package and most servers read them.
const UNITS: Record<string, number> = {
  b: 1,
  kb: 1024,
  kib: 1024,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

function toBytes(value: number | string): number {
  if (typeof value === 'number') return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value)!;
  return Math.round(Number(match[1]) * (UNITS[(match[2] || 'b').toLowerCase()] ?? 1));
}
