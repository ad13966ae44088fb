import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { LoggingConfig, LogLevel } from './config/index.ts';
import { jobIdOf, type ServiceEvent, type StopJob, unhandled } from './service/events.ts';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Structured fields of a line: the JSON form writes them beside `time`, `level` and `msg`; the text form omits them. */
export type LogFields = Record<string, unknown>;

export type Logger = Record<LogLevel, (message: string, fields?: LogFields) => void>;

/**
 * Lines for the operator's console (stderr) and, with `logging.file`, appended to that file too, filtered by
 * `logging.level`. The console always gets readable, time-stamped text; the file gets the same text or, with
 * `logging.format: json`, one JSON object per line (`time`, `level`, `msg` and the fields, e.g. `event`, `jobId`).
 * A log file that cannot be written never stops the service.
 */
export function createLogger(config: LoggingConfig, write: (line: string) => void): Logger {
  if (config.file) mkdirSync(path.dirname(config.file), { recursive: true });
  const json = config.format === 'json';
  const emit = (level: LogLevel, message: string, fields: LogFields = {}) => {
    if (RANK[level] < RANK[config.level]) return;
    const time = new Date().toISOString();
    const line = `${time} ${level.padEnd(5)} ${escapeControls(message, { keepNewlines: true })}`;
    write(line);
    if (!config.file) return;
    try {
      // JSON.stringify escapes every control character, so a file name cannot split a JSON line either.
      const fileLine = json ? JSON.stringify({ time, level, msg: message, ...fields }) : line;
      appendFileSync(config.file, `${fileLine}\n`);
    } catch {
      // The console still has it.
    }
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
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

// Every value interpolated into a line comes from an event (file names are data), so every one is escaped.
const e = (value: unknown) => escapeControls(String(value));
const jobs = (list: readonly StopJob[]) => list.map((j) => `${e(j.source)} (${e(j.id)})`).join(', ');

/**
 * The log line for a service event worth an operator's attention, or null (progress stays off the console).
 * Exhaustive: a new event type does not compile until it is given a line or a deliberate null.
 */
export function describeServiceEvent(event: ServiceEvent): [LogLevel, string] | null {
  switch (event.type) {
    case 'file.detected':
      return ['debug', `detected ${e(event.data.path)} (${e(event.data.size)} bytes), settling`];
    case 'file.ignored': {
      const d = event.data;
      // One vocabulary with /status: ignored = not for us (no rule, output refused), rejected = unusable.
      return ['warn', `${d.outcome} ${e(d.path)}: ${e(d.reason)}: ${e(d.message)}`];
    }
    case 'job.queued':
      return [
        'info',
        `queued ${e(event.data.job.source.path)} → ${e(event.data.job.profile)} (${e(event.data.id)})`,
      ];
    case 'job.started':
      return ['info', `started ${e(event.data.job.source.path)} (${e(event.data.id)})`];
    case 'job.completed':
      return [
        'info',
        `completed ${e(event.data.job.source.path)} → ${e(event.data.job.outputPath)} (verified)`,
      ];
    case 'job.failed': {
      const error = event.data.error;
      return ['error', `failed ${e(event.data.job.source.path)}: [${e(error?.code)}] ${e(error?.message)}`];
    }
    case 'job.cancelled':
    case 'job.paused':
    case 'job.resumed':
    case 'job.retried':
      return ['info', `${event.type.slice(4)} ${e(event.data.job.source.path)} (${e(event.data.id)})`];
    case 'job.due':
      return [
        'info',
        `retrying ${e(event.data.job.source.path)} (${e(event.data.id)}), attempt ${e(event.data.job.attempts)}`,
      ];
    case 'job.progress':
    case 'job.phase':
    case 'job.priority':
    case 'job.moved':
    case 'queue.restored':
    case 'queue.concurrency':
      return null;
    case 'queue.paused':
    case 'queue.resumed':
    case 'queue.cleared':
      return ['info', event.type.replace('.', ' ')];
    case 'service.stopping': {
      const { jobs: list, secondsLeft } = event.data;
      const them = list.length === 1 ? 'it is' : 'they are';
      return ['warn', `stopping: waiting ${e(secondsLeft)} s for ${jobs(list)}; then ${them} requeued`];
    }
    case 'service.requeued':
      return ['warn', `requeued for the next start: ${jobs(event.data.jobs)}`];
    case 'config.updated':
      return ['info', `config reloaded from ${e(event.data.file)}`];
    case 'config.rejected':
      // Our own issue list, one issue a line; the line breaks are ours, so they stay.
      return [
        'error',
        `config edit rejected, the running config stays:\n${escapeControls(event.data.message, { keepNewlines: true })}`,
      ];
    case 'service.error':
      return ['error', escapeControls(event.data.message, { keepNewlines: true })];
    case 'job.interrupted':
      return ['warn', `interrupted ${e(event.data.id)} on a worker: ${e(event.data.reason)}; it runs again`];
    case 'worker.joined':
    case 'worker.left':
      return ['info', `${event.type.replace('.', ' ')}: ${e(event.data.worker.name)}`];
    case 'worker.lost':
      return ['warn', `worker lost: ${e(event.data.worker.name)} (no heartbeat)`];
    default:
      return unhandled(event);
  }
}

/** The structured fields of an event's line: its type, the job it is about (every job line carries the id), its data. */
export function eventFields(event: ServiceEvent): LogFields {
  const jobId = jobIdOf(event);
  return {
    event: event.type,
    ...(jobId ? { jobId } : {}),
    at: new Date(event.at).toISOString(),
    data: event.data,
  };
}

export function logServiceEvent(log: Logger, event: ServiceEvent): void {
  const line = describeServiceEvent(event);
  if (line) log[line[0]](line[1], eventFields(event));
}
