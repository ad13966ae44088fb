import * as v from 'valibot';
import { ClusterSchema } from './cluster-schema.ts';
import { WebhookSchema } from './webhooks-schema.ts';

/**
 * The config file as written: the original project's monitor.yaml keys and the richer form side by side. Defaults
 * and the mapping between the two forms live in normalize.ts; cross-field rules in the check-*.ts files. Messages
 * here say what is allowed, because operators read them.
 */

// Invalid UTF-8 read from a file arrives as U+FFFD, from JSON as a lone surrogate; either would name a folder that
// is not the one the operator meant (`out\uFFFD\uFFFD`).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (s: string) => !LONE_SURROGATE.test(s) && !s.includes('\uFFFD');
const text = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'must not be empty'),
  v.check(wellFormed, 'must be valid UTF-8 text'),
);
const folder = text;
const HOUR = 3600;
const DAY = 86_400;
const between = (min: number, max: number, unit: string) =>
  v.pipe(
    v.number(),
    v.finite(`must be between ${min} and ${max} ${unit}`),
    v.minValue(min, `must be between ${min} and ${max} ${unit}`),
    v.maxValue(max, `must be between ${min} and ${max} ${unit}`),
  );
const seconds = v.pipe(
  v.number(),
  v.finite(),
  v.gtValue(0, 'must be more than 0 seconds'),
  v.maxValue(HOUR, `must be at most ${HOUR} seconds`),
);
// A reconcile scan walks the whole folder: more often than once a second only burns the disk.
const scanSeconds = between(1, DAY, 'seconds');
// Same range as the HTTP API's priority.
const wholeNumber = v.pipe(
  v.number(),
  v.integer('must be a whole number'),
  v.minValue(-1000, 'must be between -1000 and 1000'),
  v.maxValue(1000, 'must be between -1000 and 1000'),
);

export const PATTERN_TYPES = ['glob', 'regex', 'exact'] as const;
export const COLLISION_POLICIES = ['suffix', 'overwrite', 'fail'] as const;
/** Python's level names are accepted too, so an original monitor.yaml loads unchanged. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'warning', 'error', 'critical'] as const;

export const SOURCE_ACTION_HINT = 'must be keep, delete or { move: folder }';

export const SourceActionSchema = v.union(
  [v.picklist(['keep', 'delete']), v.strictObject({ move: folder })],
  SOURCE_ACTION_HINT,
);

export const RuleSchema = v.strictObject({
  name: v.optional(text),
  pattern: v.pipe(v.string(), v.minLength(1, 'must not be empty')),
  pattern_type: v.optional(v.picklist(PATTERN_TYPES)),
  case_sensitive: v.optional(v.boolean()),
  profile: text,
  output_pattern: v.optional(text),
  priority: v.optional(wholeNumber),
  delete_input: v.optional(v.boolean()),
  source_action: v.optional(SourceActionSchema),
});

const extension = v.pipe(
  v.string(),
  v.regex(/^(\*|\.?[A-Za-z0-9_-]+)$/, 'must be an extension such as mov or .mov (or * for every file)'),
);

export const WatchSchema = v.strictObject({
  path: folder,
  recursive: v.optional(v.boolean()),
  extensions: v.optional(v.pipe(v.array(extension), v.minLength(1, 'list at least one extension (or *)'))),
  ignore: v.optional(v.array(text)),
  exclude: v.optional(v.array(folder)),
  stable_seconds: v.optional(seconds),
  poll_interval: v.optional(scanSeconds),
  polling: v.optional(v.boolean()),
  image_sequences: v.optional(v.boolean()),
  rules: v.optional(v.array(RuleSchema)),
  profile: v.optional(text),
  priority: v.optional(wholeNumber),
  output: v.optional(folder),
  source_action: v.optional(SourceActionSchema),
  delete_input: v.optional(v.boolean()),
});

/** The largest api.body_limit: a bigger request body is never a legitimate API call. */
export const MAX_BODY_LIMIT = 64 * 1024 * 1024;

/** 1mb, 512kb, 2MiB or a plain number of bytes (at most 64 MiB, checked on the value in check-api.ts). */
const byteSize = v.union(
  [
    v.pipe(
      v.number(),
      v.integer(),
      v.minValue(1024, 'must be at least 1024 bytes'),
      v.maxValue(MAX_BODY_LIMIT),
    ),
    v.pipe(v.string(), v.regex(/^\s*\d+(\.\d+)?\s*(b|kb|kib|mb|mib|gb|gib)?\s*$/i)),
  ],
  'must be a size such as 1mb or 512kb, or a number of bytes (1024 to 64 MiB)',
);

export const ApiSchema = v.strictObject({
  host: v.optional(text),
  port: v.optional(
    v.pipe(
      v.number(),
      v.integer('must be a whole number'),
      v.minValue(0, 'must be between 0 and 65535'),
      v.maxValue(65535, 'must be between 0 and 65535'),
    ),
  ),
  token: v.optional(v.nullable(v.string())),
  cors_origins: v.optional(v.array(text)),
  allowed_hosts: v.optional(
    v.array(v.pipe(text, v.regex(/^[A-Za-z0-9.-]+$/, 'must be a host name such as show-mac.local'))),
  ),
  body_limit: v.optional(byteSize),
});

export const FfmpegSchema = v.strictObject({
  ffmpeg: v.optional(v.nullable(text)),
  ffprobe: v.optional(v.nullable(text)),
});

const logLevel = v.pipe(v.string(), v.toLowerCase(), v.picklist(LOG_LEVELS));

export const LoggingSchema = v.strictObject({
  level: v.optional(logLevel),
  file: v.optional(v.nullable(text)),
  format: v.optional(v.picklist(['text', 'json'], 'expected text or json')),
});

export const ConfigFileSchema = v.strictObject({
  // The original project's monitor.yaml keys.
  watch_directory: v.optional(folder),
  output_directory: v.optional(folder),
  poll_interval: v.optional(scanSeconds),
  delete_input: v.optional(v.boolean()),
  log_level: v.optional(logLevel),
  log_file: v.optional(v.nullable(text)),
  persist_path: v.optional(v.nullable(text)),
  rules: v.optional(v.array(RuleSchema)),
  // The richer form.
  watch: v.optional(v.pipe(v.array(WatchSchema), v.minLength(1, 'list at least one watch folder'))),
  output: v.optional(folder),
  source_action: v.optional(SourceActionSchema),
  collision: v.optional(v.picklist(COLLISION_POLICIES)),
  concurrency: v.optional(
    v.pipe(
      v.number(),
      v.integer('must be a whole number'),
      v.minValue(1, 'must be between 1 and 64'),
      v.maxValue(64, 'must be between 1 and 64'),
    ),
  ),
  max_attempts: v.optional(
    v.pipe(
      v.number(),
      v.integer('must be a whole number'),
      v.minValue(1, 'must be between 1 and 100'),
      v.maxValue(100, 'must be between 1 and 100'),
    ),
  ),
  // ffmpeg may go quiet for a few seconds at a keyframe or a slow disk; less than 5 s fails healthy encodes.
  stall_seconds: v.optional(between(5, DAY, 'seconds')),
  shutdown_grace_seconds: v.optional(between(0, HOUR, 'seconds')),
  data: v.optional(folder),
  // Each profile is checked by validateProfile, whose messages name both fields of a cross-field rule.
  profiles: v.optional(v.array(v.unknown())),
  api: v.optional(ApiSchema),
  ffmpeg: v.optional(FfmpegSchema),
  logging: v.optional(LoggingSchema),
  webhooks: v.optional(v.array(WebhookSchema)),
  cluster: v.optional(ClusterSchema),
});

export type ConfigFile = v.InferOutput<typeof ConfigFileSchema>;
export type RuleFile = v.InferOutput<typeof RuleSchema>;
export type WatchFile = v.InferOutput<typeof WatchSchema>;
export type SourceActionFile = v.InferOutput<typeof SourceActionSchema>;
