import * as v from 'valibot';
import { patternIsKnown, WEBHOOK_EVENT_TYPES } from '../webhooks/event-types.ts';
import { didYouMean } from './suggest.ts';

const eventPattern = v.pipe(
  v.string(),
  v.minLength(1, 'must not be empty'),
  v.check(patternIsKnown, (issue) => {
    const input = String(issue.input);
    const hint = didYouMean(input, WEBHOOK_EVENT_TYPES);
    return hint
      ? `unknown event "${input}"; did you mean "${hint}"?`
      : `unknown event "${input}"; use one of ${WEBHOOK_EVENT_TYPES.join(', ')} or a glob such as job.*`;
  }),
);

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** One webhook: where to POST, which events (types or `*` globs), and the HMAC-SHA256 signing secret. */
export const WebhookSchema = v.strictObject({
  url: v.pipe(
    v.string(),
    v.check(isHttpUrl, 'must be an http:// or https:// URL such as https://example.org/hook'),
  ),
  events: v.pipe(v.array(eventPattern), v.minLength(1, 'list at least one event type or glob, e.g. job.*')),
  secret: v.pipe(v.string(), v.minLength(16, 'must be at least 16 characters (it signs every delivery)')),
  /** Per delivery attempt; default 10. */
  timeout_seconds: v.optional(v.pipe(v.number(), v.finite(), v.gtValue(0, 'must be more than 0 seconds'))),
});

export type WebhookConfig = v.InferOutput<typeof WebhookSchema>;
