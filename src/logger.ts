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
    const line = `${new Date().toISOString()} ${level.padEnd(5)} ${escapeControls(message, { keepNewlines: true })}`;
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

/**
 * A file name is data: a newline or an escape sequence in it must not forge a log line or repaint the terminal.
 * Control characters become `\n`, `\t`, `\x1b`-style escapes. Every value taken from an event is escaped whole;
 * a finished line keeps the newlines of our own multi-line messages (`keepNewlines`: config issue lists, stacks).
 */
export function escapeControls(text: string, options: { keepNewlines?: boolean } = {}): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    if (c === '\n') return options.keepNewlines ? c : '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

type JobData = { job?: { source?: { path?: string }; profile?: string; outputPath?: string } };

/** The log line for a service event worth an operator's attention, or null (progress stays off the console). */
export function describeServiceEvent(event: ServiceEvent): [LogLevel, string] | null {
  const d = event.data as Record<string, unknown> & JobData;
  // Every value interpolated below comes from the event (file names are data), so every one is escaped.
  const e = (value: unknown) => escapeControls(String(value));
  const source = e(d.job?.source?.path ?? d.path ?? '');
  const jobs = (list: unknown) =>
    (list as Array<{ id: string; source: string }>).map((j) => `${e(j.source)} (${e(j.id)})`).join(', ');
  switch (event.type) {
    case 'file.detected':
      return ['debug', `detected ${source} (${e(d.size)} bytes), settling`];
    case 'file.ignored': {
      // One vocabulary with /status: ignored = not for us (no rule, output refused), rejected = unusable.
      const verdict = d.outcome === 'rejected' ? 'rejected' : 'ignored';
      return ['warn', `${verdict} ${source}: ${e(d.reason)}: ${e(d.message)}`];
    }
    case 'job.queued':
      return ['info', `queued ${source} → ${e(d.job?.profile)} (${e(d.id)})`];
    case 'job.started':
      return ['info', `started ${source} (${e(d.id)})`];
    case 'job.completed':
      return ['info', `completed ${source} → ${e(d.job?.outputPath)} (verified)`];
    case 'job.failed': {
      const error = d.error as { code?: string; message?: string } | null;
      return ['error', `failed ${source}: [${e(error?.code)}] ${e(error?.message)}`];
    }
    case 'job.cancelled':
    case 'job.paused':
    case 'job.resumed':
    case 'job.retried':
      return ['info', `${event.type.slice(4)} ${source} (${e(d.id)})`];
    case 'queue.paused':
    case 'queue.resumed':
    case 'queue.cleared':
      return ['info', event.type.replace('.', ' ')];
    case 'service.stopping': {
      const them = (d.jobs as unknown[]).length === 1 ? 'it is' : 'they are';
      return ['warn', `stopping: waiting ${e(d.secondsLeft)} s for ${jobs(d.jobs)}; then ${them} requeued`];
    }
    case 'service.requeued':
      return ['warn', `requeued for the next start: ${jobs(d.jobs)}`];
    case 'config.updated':
      return ['info', `config reloaded from ${e(d.file)}`];
    case 'config.rejected':
      // Our own issue list, one issue a line; the line breaks are ours, so they stay.
      return [
        'error',
        `config edit rejected, the running config stays:\n${escapeControls(String(d.message), { keepNewlines: true })}`,
      ];
    case 'service.error':
      return ['error', escapeControls(String(d.message), { keepNewlines: true })];
    default:
      return null;
  }
}

export function logServiceEvent(log: Logger, event: ServiceEvent): void {
  const line = describeServiceEvent(event);
  if (line) log[line[0]](line[1]);
}
