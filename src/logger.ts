import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { LoggingConfig, LogLevel } from './config/index.ts';
import type { ServiceEvent } from './service/types.ts';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type Logger = Record<LogLevel, (message: string) => void>;

/**
 * Lines for the operator's console (stderr) and, with `logging.file`, appended to that file too: one line each,
 * time-stamped, filtered by `logging.level`. A log file that cannot be written never stops the service.
 */
export function createLogger(config: LoggingConfig, write: (line: string) => void): Logger {
  if (config.file) mkdirSync(path.dirname(config.file), { recursive: true });
  const emit = (level: LogLevel, message: string) => {
    if (RANK[level] < RANK[config.level]) return;
    const line = `${new Date().toISOString()} ${level.padEnd(5)} ${message}`;
    write(line);
    if (config.file) {
      try {
        appendFileSync(config.file, `${line}\n`);
      } catch {
        // The console still has it.
      }
    }
  };
  return {
    debug: (m) => emit('debug', m),
    info: (m) => emit('info', m),
    warn: (m) => emit('warn', m),
    error: (m) => emit('error', m),
  };
}

type JobData = { job?: { source?: { path?: string }; profile?: string; outputPath?: string } };

/** The log line for a service event worth an operator's attention, or null (progress stays off the console). */
export function describeServiceEvent(event: ServiceEvent): [LogLevel, string] | null {
  const d = event.data as Record<string, unknown> & JobData;
  const source = d.job?.source?.path ?? d.path ?? '';
  switch (event.type) {
    case 'file.detected':
      return ['debug', `detected ${source} (${d.size} bytes), settling`];
    case 'file.ignored':
      return ['warn', `ignored ${source}: ${d.reason}: ${d.message}`];
    case 'job.queued':
      return ['info', `queued ${source} → ${d.job?.profile} (${d.id})`];
    case 'job.started':
      return ['info', `started ${source} (${d.id})`];
    case 'job.completed':
      return ['info', `completed ${source} → ${d.job?.outputPath} (verified)`];
    case 'job.failed': {
      const error = d.error as { code?: string; message?: string } | null;
      return ['error', `failed ${source}: [${error?.code}] ${error?.message}`];
    }
    case 'job.cancelled':
    case 'job.paused':
    case 'job.resumed':
    case 'job.retried':
      return ['info', `${event.type.slice(4)} ${source} (${d.id})`];
    case 'queue.paused':
    case 'queue.resumed':
    case 'queue.cleared':
      return ['info', event.type.replace('.', ' ')];
    case 'config.updated':
      return ['info', `config reloaded from ${d.file}`];
    case 'config.rejected':
      return ['error', `config edit rejected, the running config stays:\n${d.message}`];
    case 'service.error':
      return ['error', String(d.message)];
    default:
      return null;
  }
}

export function logServiceEvent(log: Logger, event: ServiceEvent): void {
  const line = describeServiceEvent(event);
  if (line) log[line[0]](line[1]);
}
