import { JOB_STATUSES } from '../../../machines/types.ts';
import { INSPECTOR_SCHEMAS } from './inspector-operations.ts';
import type { JsonSchema } from './json-schema.ts';

/** Response shapes (src/service/types.ts views), written out for the document. */

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: JsonSchema): JsonSchema => ({ oneOf: [schema, { type: 'null' }] });
const num = { type: 'number' };
const int = { type: 'integer' };
const str = { type: 'string' };
const obj = (properties: Record<string, JsonSchema>, extra: JsonSchema = {}): JsonSchema => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  ...extra,
});

const counts = obj(Object.fromEntries(JOB_STATUSES.map((s) => [s, int])));

export const COMPONENT_SCHEMAS: Record<string, JsonSchema> = {
  Error: obj({
    error: obj({
      code: {
        ...str,
        description: 'Stable code to switch on, e.g. job.not_found, job.state, request.invalid',
      },
      message: str,
      details: { description: 'Issue paths for validation errors; null otherwise' },
    }),
  }),
  JobStatus: { enum: [...JOB_STATUSES] },
  JobProgress: obj({
    percent: num,
    fps: nullable(num),
    speed: nullable(num),
    etaSeconds: nullable(num),
    outTimeSeconds: num,
  }),
  JobView: obj({
    id: str,
    status: ref('JobStatus'),
    phase: nullable(str),
    source: obj({ path: str, size: num, mtimeMs: num }),
    outputPath: str,
    profile: str,
    priority: int,
    attempts: int,
    progress: nullable(ref('JobProgress')),
    error: nullable(obj({ code: str, message: str, stderrTail: { type: 'array', items: str } })),
    result: nullable({ type: 'object' }),
    origin: str,
    createdAt: num,
    startedAt: nullable(num),
    finishedAt: nullable(num),
    updatedAt: num,
    retryAt: nullable(num),
  }),
  JobDetailView: {
    allOf: [
      ref('JobView'),
      obj({
        overrides: { type: 'object' },
        profileSettings: { type: 'object' },
        sourceAction: { type: 'object' },
        collision: { enum: ['suffix', 'overwrite', 'fail'] },
        ffmpegArgs: nullable({ type: 'array', items: str }),
        timeline: { type: 'array', items: obj({ at: num, type: str, data: {} }) },
        verify: { type: 'boolean' },
        verification: nullable({
          type: 'array',
          description: 'every verification check of the last run that got that far',
          items: obj({ name: str, ok: { type: 'boolean' }, expected: str, actual: str }),
        }),
        sourceMedia: nullable({
          type: 'object',
          description:
            'the source as probed: container, durationSeconds, sizeBytes, bitRate, video[], audio[]',
        }),
      }),
    ],
  },
  QueueCounts: counts,
  QueueView: obj({
    state: { enum: ['running', 'paused'] },
    concurrency: int,
    jobs: { type: 'array', items: ref('JobView') },
    counts: ref('QueueCounts'),
  }),
  HistoryPage: obj({ items: { type: 'array', items: ref('JobView') }, nextCursor: nullable(str) }),
  StatusView: obj({
    state: { enum: ['running', 'paused', 'stopping'] },
    paused: { type: 'boolean', description: 'the queue is paused by the operator (kept across restarts)' },
    running: { type: 'boolean', description: 'the queue dispatches jobs: not paused, not stopping' },
    pausedSince: nullable(num),
    concurrency: int,
    counts: {
      ...ref('QueueCounts'),
      description: "jobs per status: counts.paused is jobs paused one by one, not the queue's pause",
    },
    uptimeSeconds: num,
    watch: {
      type: 'array',
      items: obj({ path: str, watching: { type: 'boolean' }, settling: int, ignored: int, rejected: int }),
    },
  }),
  StatsView: obj({
    since: num,
    perStatus: ref('QueueCounts'),
    perProfile: { type: 'object', additionalProperties: int },
    bytesIn: num,
    bytesOut: num,
    encodeSeconds: num,
    mediaSeconds: num,
    realtimeFactor: nullable(num),
    perHour: {
      type: 'array',
      description: 'Completed and failed jobs per UTC hour, last 24 hours, oldest first, every hour present',
      items: obj({ hour: { ...str, format: 'date-time' }, completed: int, failed: int }),
    },
  }),
  WebhookDeliveries: obj({
    items: {
      type: 'array',
      items: obj({
        id: str,
        url: str,
        eventType: str,
        status: { enum: ['pending', 'delivered', 'failed'] },
        attempts: int,
        nextAt: num,
        lastStatus: nullable(int),
        lastError: nullable(str),
        createdAt: num,
        updatedAt: num,
        payload: { description: 'The JSON body sent: {id, type, at, data}' },
      }),
    },
  }),
  JobLog: obj({
    lines: { type: 'array', items: str, description: "Last lines of ffmpeg's stderr, oldest first" },
    running: { type: 'boolean', description: 'True while the job is active: the lines are live' },
  }),
  Health: obj({
    status: { enum: ['ok', 'down'] },
    version: str,
    uptimeSeconds: num,
    checks: {
      type: 'object',
      description: 'store, ffmpeg, watchers, service; details only with the token',
      additionalProperties: obj({ ok: { type: 'boolean' }, detail: str }, { required: ['ok'] }),
    },
  }),
  WsTicket: obj({ ticket: str, expiresAt: num }),
  ConfigValidation: obj({
    valid: { type: 'boolean' },
    issues: { type: 'array', items: obj({ path: str, message: str }, { required: ['path', 'message'] }) },
  }),
  StreamMessage: {
    ...obj({ type: str, seq: int, at: num, data: {} }),
    description:
      'WebSocket frame. First a snapshot {status, queue, history}; then events with seq rising by one: ' +
      'file.detected, file.ignored, job.queued, job.started, job.progress (≤4/s per job), job.paused, ' +
      'job.resumed, job.completed, job.failed, job.cancelled, job.retried, queue.paused, queue.resumed, ' +
      'queue.cleared, config.updated, service.error. Send {"type":"resync"} for a fresh snapshot, ' +
      '{"type":"ping"} for a pong.',
  },
  ...INSPECTOR_SCHEMAS,
};
