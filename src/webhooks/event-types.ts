/** The event types a webhook can subscribe to: those of the WebSocket stream, plus the test delivery's. */
export const WEBHOOK_EVENT_TYPES = [
  'file.detected',
  'file.ignored',
  'job.queued',
  'job.started',
  'job.progress',
  'job.paused',
  'job.resumed',
  'job.completed',
  'job.failed',
  'job.cancelled',
  'job.retried',
  'queue.paused',
  'queue.resumed',
  'queue.cleared',
  'config.updated',
  'service.error',
  'webhook.test',
] as const;

/** Progress fires several times a second per job: a glob never includes it; name it to get it. */
const ONLY_BY_NAME = new Set(['job.progress']);

/** `*` matches any run of characters (dots included); everything else is literal. */
function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${body}$`);
}

/** Whether a subscription pattern (an event type or a glob like `job.*`, `*`) takes an event of this type. */
export function eventMatches(pattern: string, type: string): boolean {
  if (!pattern.includes('*')) return pattern === type;
  return !ONLY_BY_NAME.has(type) && globToRegExp(pattern).test(type);
}

/** Whether a pattern can match anything at all (a typo like `job.complete` matches nothing). */
export function patternIsKnown(pattern: string): boolean {
  return WEBHOOK_EVENT_TYPES.some((type) =>
    pattern.includes('*') ? globToRegExp(pattern).test(type) : pattern === type,
  );
}
