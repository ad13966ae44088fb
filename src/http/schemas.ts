import * as v from 'valibot';
import { FINISHED_STATUSES, JOB_STATUSES, type JobStatus } from '../../machines/types.ts';

/**
 * Request shapes, as valibot schemas. The same objects validate requests (routes) and describe them (OpenAPI), so
 * the document cannot drift from what the server accepts.
 */

const NonEmpty = v.pipe(v.string(), v.minLength(1), v.maxLength(4096));
const Priority = v.pipe(v.number(), v.integer(), v.minValue(-1000), v.maxValue(1000));

export const SubmitBodySchema = v.strictObject({
  source: v.pipe(
    NonEmpty,
    v.description('Path of the source file; inside a watch folder or an allowed input folder'),
  ),
  profile: v.pipe(NonEmpty, v.description('Profile name (built-in or custom)')),
  output: v.optional(v.pipe(NonEmpty, v.description('Output path; default from the rules'))),
  priority: v.optional(Priority),
});
export type SubmitBody = v.InferOutput<typeof SubmitBodySchema>;

export const PriorityBodySchema = v.strictObject({ priority: Priority });

export const MoveBodySchema = v.variant('to', [
  v.strictObject({ to: v.picklist(['top', 'bottom']) }),
  v.strictObject({ to: v.picklist(['before', 'after']), job: NonEmpty }),
]);

export const ConcurrencyBodySchema = v.strictObject({
  value: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(64)),
});

/** A whole configuration document (PUT /config) or a partial one to merge (PATCH /config), as JSON. */
export const ConfigDocumentSchema = v.record(v.string(), v.unknown());

/** POST /config/validate: YAML text, a document given as JSON, or a config object (whole or partial). */
export const ConfigValidateBodySchema = v.union([
  v.strictObject({ yaml: v.pipe(v.string(), v.maxLength(524_288)) }),
  v.strictObject({ document: ConfigDocumentSchema }),
  v.pipe(ConfigDocumentSchema, v.description("A config object, in our keys or the original project's")),
]);

/** `status=failed,cancelled` or `status=failed&status=cancelled`. */
function statusList(allowed: readonly JobStatus[]) {
  return v.pipe(
    v.union([v.string(), v.array(v.string())]),
    v.transform((raw) => (Array.isArray(raw) ? raw : [raw]).flatMap((s) => s.split(',')).filter(Boolean)),
    v.array(v.picklist(allowed)),
    v.minLength(1),
  );
}

const QueryInt = (min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^-?\d+$/, 'Expected an integer'),
    v.toNumber(),
    v.minValue(min),
    v.maxValue(max),
  );

/** `before` as ms since epoch or an ISO date. */
const Instant = v.pipe(
  v.string(),
  v.transform((s) => (/^\d+$/.test(s) ? Number(s) : Date.parse(s))),
  v.number('Expected ms since epoch or an ISO date'),
  v.check((n) => Number.isFinite(n), 'Expected ms since epoch or an ISO date'),
);

export const HistoryQuerySchema = v.object({
  status: v.optional(statusList(JOB_STATUSES)),
  q: v.optional(v.pipe(v.string(), v.maxLength(512))),
  limit: v.optional(QueryInt(1, 500)),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(512))),
  before: v.optional(Instant),
});

export const BulkRetryQuerySchema = v.object({ status: statusList(FINISHED_STATUSES) });

export const DeleteHistoryQuerySchema = v.object({
  status: v.optional(statusList(FINISHED_STATUSES)),
  before: v.optional(Instant),
});

export const RetryQuerySchema = v.object({ rerun: v.optional(v.picklist(['true', 'false'])) });

export const StatsQuerySchema = v.object({ since: v.optional(Instant) });

/** Messages a WebSocket client may send. */
export const ClientMessageSchema = v.variant('type', [
  v.object({ type: v.literal('resync') }),
  v.object({ type: v.literal('ping') }),
]);
