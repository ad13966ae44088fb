import * as v from 'valibot';

/** The BullMQ queue that carries encodes, and the two pub/sub channels beside it. */
export const QUEUE_NAME = 'bvp-encode';
/** Coordinator → workers: pause, resume and cancel a job, preflight, "who is there". */
export const COMMAND_CHANNEL = 'bvp:commands';
/** Workers → coordinator: hello, heartbeat, bye, preflight results. */
export const WORKER_CHANNEL = 'bvp:workers';
/** The coordinator's current worker list (JSON, expiring), for `bvp status` in another process. */
export const WORKERS_VIEW_KEY = 'bvp:workers:view';

/** What a BullMQ job carries: one encode, with the coordinator's paths (a worker maps them). */
export interface EncodePayload {
  jobId: string;
  attempt: number;
  args: string[];
  tempPath: string;
  durationSeconds: number | null;
  stallSeconds?: number;
  progressIntervalMs?: number;
}

export interface PreflightCheck {
  /** The folder as the coordinator sees it. */
  folder: string;
  /** The probe file the coordinator wrote there. */
  file: string;
  content: string;
  /** Output folders must also be writable (the worker writes its temp files there). */
  write: boolean;
}

const text = v.string();
const WorkerInfoSchema = v.object({
  name: text,
  host: text,
  pid: v.number(),
  ffmpegVersion: v.nullable(text),
  encoders: v.array(text),
  pathMaps: v.array(v.object({ from: text, to: text })),
  concurrency: v.number(),
});
export type WorkerInfo = v.InferOutput<typeof WorkerInfoSchema>;

const CommandSchema = v.variant('type', [
  v.object({ type: v.picklist(['suspend', 'continue', 'cancel']), jobId: text }),
  v.object({ type: v.literal('who') }),
  v.object({
    type: v.literal('preflight'),
    worker: text,
    token: text,
    checks: v.array(v.object({ folder: text, file: text, content: text, write: v.boolean() })),
  }),
]);
export type ClusterCommand = v.InferOutput<typeof CommandSchema>;

const FailureSchema = v.object({ folder: text, message: text });
const WorkerMessageSchema = v.variant('type', [
  v.object({ type: v.literal('hello'), worker: WorkerInfoSchema }),
  v.object({ type: v.literal('heartbeat'), worker: text, jobs: v.array(text), at: v.number() }),
  v.object({ type: v.literal('bye'), worker: text }),
  v.object({
    type: v.literal('preflight'),
    worker: text,
    token: text,
    ok: v.boolean(),
    failures: v.array(FailureSchema),
  }),
]);
export type WorkerMessage = v.InferOutput<typeof WorkerMessageSchema>;
export type PreflightFailure = v.InferOutput<typeof FailureSchema>;

function parseWith<T>(schema: v.GenericSchema<unknown, T>, raw: string): T | null {
  try {
    const result = v.safeParse(schema, JSON.parse(raw));
    return result.success ? result.output : null;
  } catch {
    return null;
  }
}

/** A message from the command channel, or null for anything else (a newer or older peer's message is ignored). */
export const parseCommand = (raw: string): ClusterCommand | null => parseWith(CommandSchema, raw);
export const parseWorkerMessage = (raw: string): WorkerMessage | null => parseWith(WorkerMessageSchema, raw);

/** BullMQ job id of one attempt of one of our jobs: a retry is a new BullMQ job, an old attempt's events never match. */
export const bullJobId = (jobId: string, attempt: number): string => `${jobId}-${attempt}`;
