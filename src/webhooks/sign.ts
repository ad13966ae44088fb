import { createHmac } from 'node:crypto';

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body, keyed by the webhook's secret>`. */
export const SIGNATURE_HEADER = 'X-Bvp-Signature';
export const DELIVERY_HEADER = 'X-Bvp-Delivery';
export const EVENT_HEADER = 'X-Bvp-Event';

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
