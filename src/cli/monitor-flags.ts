import path from 'node:path';
import type { Config, LogLevel } from '../config/index.ts';
import { UsageError } from './args.ts';

/**
 * The original project's `bvp monitor start` flags, accepted by `bvp serve` (and its alias) so the original's
 * clients and scripts start us unchanged. `-c/--config` and `--api-port` are our `--config` and `--port`; the rest
 * become overrides of the loaded config, applied again after every live reload so an edit of the file never
 * silently undoes what the command line said.
 */
export const MONITOR_OPTIONS = {
  watch: { type: 'string', short: 'w' },
  output: { type: 'string', short: 'o' },
  'poll-interval': { type: 'string', short: 'p' },
  'log-level': { type: 'string', short: 'l' },
  'api-host': { type: 'string' },
  'api-port': { type: 'string' },
} as const;

export interface MonitorFlagValues {
  watch?: string;
  output?: string;
  'poll-interval'?: string;
  'log-level'?: string;
  'api-host'?: string;
}

// The original took Python's level names; ours are their short forms.
const LEVELS: Record<string, LogLevel> = {
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  critical: 'error',
};

/** Checks the flags and returns the config override they describe, or null when none was given. */
export function monitorOverrides(
  values: MonitorFlagValues,
  cwd: string,
): ((config: Config) => Config) | null {
  const watch = values.watch === undefined ? undefined : path.resolve(cwd, values.watch);
  const output = values.output === undefined ? undefined : path.resolve(cwd, values.output);
  const pollText = values['poll-interval'];
  const poll = pollText === undefined ? undefined : Number(pollText);
  if (poll !== undefined && (!Number.isFinite(poll) || poll <= 0)) {
    throw new UsageError(`--poll-interval "${pollText}" must be a positive number of seconds`);
  }
  const levelText = values['log-level'];
  const level = levelText === undefined ? undefined : LEVELS[levelText.toLowerCase()];
  if (levelText !== undefined && level === undefined) {
    throw new UsageError(`--log-level "${levelText}" is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL`);
  }
  const host = values['api-host'];
  if (host !== undefined && host.trim() === '') throw new UsageError('--api-host must not be empty');
  if ([watch, output, poll, level, host].every((v) => v === undefined)) return null;

  return (config) => {
    const next: Config = { ...config, api: { ...config.api }, logging: { ...config.logging } };
    // The original had one watch folder: -w keeps the first folder's rules and settings on the new path.
    let folders = config.watch;
    if (watch !== undefined) {
      const first = config.watch[0];
      folders = [
        { ...first, path: watch, exclude: first.exclude.filter((d) => d.startsWith(`${watch}${path.sep}`)) },
      ];
    }
    if (output !== undefined) next.output = output;
    next.watch = folders.map((w) => {
      const folder = { ...w };
      if (output !== undefined) folder.output = output;
      if (poll !== undefined) folder.poll_interval = poll;
      // An output inside the watch folder is never ingested, as when the file says so.
      if (folder.output.startsWith(`${folder.path}${path.sep}`) && !folder.exclude.includes(folder.output)) {
        folder.exclude = [...folder.exclude, folder.output];
      }
      return folder;
    });
    if (level !== undefined) next.logging.level = level;
    if (host !== undefined) next.api.host = host;
    return next;
  };
}
