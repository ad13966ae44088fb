import { Hono } from 'hono';
import * as v from 'valibot';
import type { Webhooks } from '../../webhooks/webhooks.ts';
import { apiErrorResponse } from '../error-map.ts';
import { query } from '../validate.ts';

export const DeliveriesQuerySchema = v.object({
  status: v.optional(v.picklist(['pending', 'delivered', 'failed'], 'must be pending, delivered or failed')),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,3}$/, 'must be a whole number from 1 to 500'),
      v.transform(Number),
      v.number(),
      v.minValue(1, 'must be at least 1'),
      v.maxValue(500, 'must be at most 500'),
    ),
  ),
});

export const WebhookTestQuerySchema = v.object({ url: v.optional(v.string()) });

const unavailable = () => apiErrorResponse('feature.unavailable', 'webhooks are not enabled in this server');

/** The delivery log (newest first) and a test delivery. */
export function createWebhookRoutes(webhooks: Webhooks | undefined): Hono {
  const r = new Hono();
  r.get('/webhooks/deliveries', query(DeliveriesQuerySchema), (c) => {
    if (!webhooks) return unavailable();
    const q = c.req.valid('query');
    return c.json({ items: webhooks.list({ status: q.status, limit: q.limit ?? 50 }) });
  });
  r.post('/webhooks/test', query(WebhookTestQuerySchema), (c) => {
    if (!webhooks) return unavailable();
    const { url } = c.req.valid('query');
    const ids = webhooks.sendTest(url);
    if (ids.length === 0) {
      const message = url ? `no webhook in the config has the URL ${url}` : 'no webhook is configured';
      return apiErrorResponse('request.invalid', message, { issues: [{ path: 'url', message }] });
    }
    return c.json({ deliveries: ids }, 202);
  });
  return r;
}
