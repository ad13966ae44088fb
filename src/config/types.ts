import type { CollisionPolicy, SourceAction } from '../../machines/types.ts';
import type { Profile } from '../profiles/schema.ts';
import type { ClusterConfig } from './cluster-schema.ts';
import type { WebhookConfig } from './webhooks-schema.ts';

/**
 * The one typed configuration the service runs on, whichever form the file used (the original's single
 * `watch_directory` or the richer `watch:` list). Keys stay snake_case like the file, so the HTTP API, `config show`
 * and the file speak one vocabulary. Every path is absolute (resolved against the config file's folder) and every
 * default is filled in: nothing downstream needs to know how the file was written.
 */
export interface Config {
  watch: WatchConfig[];
  /** Default output folder; each watch has its own resolved `output`. */
  output: string;
  /** Default for watches and rules that do not say. */
  source_action: SourceAction;
  collision: CollisionPolicy;
  concurrency: number;
  max_attempts: number;
  stall_seconds: number;
  shutdown_grace_seconds: number;
  /** Folder for the database and other state. */
  data: string;
  /** Custom profiles only; built-ins come from the profile registry. */
  profiles: Profile[];
  api: ApiConfig;
  ffmpeg: FfmpegConfig;
  logging: LoggingConfig;
  /** Signed HTTP callbacks for service events (src/webhooks); absent or empty: none. */
  webhooks?: WebhookConfig[];
  /** Encode on several machines through BullMQ on Redis (src/cluster); absent: local ffmpeg only. */
  cluster?: ClusterConfig;
}

export type PatternType = 'glob' | 'regex' | 'exact';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface WatchConfig {
  path: string;
  recursive: boolean;
  /** Lower-case, without the dot; `*` means every extension. */
  extensions: string[];
  /** Globs: the built-in protections followed by the operator's own. */
  ignore: string[];
  /**
   * Absolute folders inside this watch folder that are never ingested: the operator's own plus every output and
   * move-to folder that lies inside it (so outputs are not re-ingested).
   */
  exclude: string[];
  stable_seconds: number;
  /** Seconds between reconcile scans (the scan is the truth; fs events are hints). */
  poll_interval: number;
  /** Use polling instead of fs events (SMB/NFS shares do not deliver events). */
  polling: boolean;
  /**
   * Numbered pictures in a sub-folder are frames of one image-sequence clip (true, the default), or each a still
   * (false: a folder of numbered slides).
   */
  image_sequences: boolean;
  rules: RuleConfig[];
  /** Drop-folder profile: used for every file when there are no rules, or for files no rule matched. */
  profile: string | null;
  /** Job priority for files handled by `profile`. */
  priority: number;
  output: string;
  source_action: SourceAction;
}

export interface RuleConfig {
  /** The operator's name, or where the rule was written ("watch[0].rules[1]"). */
  name: string;
  pattern: string;
  pattern_type: PatternType;
  case_sensitive: boolean;
  profile: string;
  /** Relative to the watch's output folder; placeholders are listed in rules/output-pattern.ts. */
  output_pattern: string;
  /** Higher is tried first and queued first. */
  priority: number;
  source_action: SourceAction;
}

export interface ApiConfig {
  host: string;
  port: number;
  /** Bearer token; required when `host` is not a loopback address. */
  token: string | null;
  cors_origins: string[];
  /**
   * Host names the API answers to besides loopback names, IP addresses and the bound address (e.g. show-mac.local);
   * any other Host header is refused, which defeats DNS rebinding.
   */
  allowed_hosts: string[];
  /** Largest request body in bytes. */
  body_limit: number;
}

export interface FfmpegConfig {
  ffmpeg: string | null;
  ffprobe: string | null;
}

export interface LoggingConfig {
  level: LogLevel;
  file: string | null;
  /** How lines are written to `file`: readable text (default) or one JSON object per line. The console is text. */
  format?: LogFormat;
}

export type LogFormat = 'text' | 'json';

/**
 * One problem in a config document. `path` is zero-based and written like `watch[0].rules[2].profile`; the empty
 * string means the document as a whole. `line`/`column` are one-based, as editors show them.
 */
export interface ConfigIssue {
  file: string;
  path: string;
  message: string;
  line?: number;
  column?: number;
}
