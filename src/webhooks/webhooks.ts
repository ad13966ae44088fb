import type { WebhookConfig } from '../config/webhooks-schema.ts';
import type { ServiceEvent } from '../service/types.ts';
import { type BackoffOptions, DEFAULT_BACKOFF, retryDelay } from './backoff.ts';
import { type Delivery, type DeliveryStatus, openDeliveryStore } from './delivery-store.ts';
import { eventMatches } from './event-types.ts';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signBody } from './sign.ts';

export interface WebhooksOptions {
  /** The service's SQLite file (its migrations made the deliveries table). */
  storeFile: string;
  /** The configured webhooks, read at each event and each attempt (config reloads apply at once). */
  webhooks: () => readonly WebhookConfig[];
  backoff?: Partial<BackoffOptions>;
  now?: () => number;
  newId?: () => string;
  onError?: (message: string) => void;
}

/** A delivery as the API shows it (the body is parsed back, the secret never appears). */
export interface DeliveryView extends Omit<Delivery, 'body'> {
  payload: unknown;
}

export interface Webhooks {
  /** Queues a delivery of this event to every webhook whose `events` match it. */
  publish(event: ServiceEvent): void;
  /** A `webhook.test` event to every webhook (or the ones with this URL); returns the delivery ids. */
  sendTest(url?: string): string[];
  list(query?: { status?: DeliveryStatus; limit?: number }): DeliveryView[];
  close(): void;
}

interface Lane {
  queue: Delivery[];
  busy: boolean;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * Signed webhooks. Every delivery is stored before it is sent and each endpoint (URL) has a lane of its own, worked
 * through one delivery at a time in order, off the service's path: a slow, failing or silent endpoint holds only its
 * own lane, never a job or another endpoint. Pending deliveries found at start (a crash, a restart) are sent again.
 */
export function createWebhooks(options: WebhooksOptions): Webhooks {
  const now = options.now ?? Date.now;
  const newId = options.newId ?? (() => globalThis.crypto.randomUUID());
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const onError = options.onError ?? (() => {});
  const store = openDeliveryStore(options.storeFile);
  const lanes = new Map<string, Lane>();
  const closing = new AbortController();
  let closed = false;

  const laneOf = (url: string): Lane => {
    let lane = lanes.get(url);
    if (!lane) {
      lane = { queue: [], busy: false, timer: null };
      lanes.set(url, lane);
    }
    return lane;
  };

  const enqueue = (delivery: Delivery): void => {
    laneOf(delivery.url).queue.push(delivery);
    pump(delivery.url);
  };

  const pump = (url: string): void => {
    const lane = laneOf(url);
    if (closed || lane.busy || lane.timer || lane.queue.length === 0) return;
    const head = lane.queue[0]!;
    const wait = head.nextAt - now();
    if (wait > 0) {
      lane.timer = setTimeout(() => {
        lane.timer = null;
        pump(url);
      }, wait);
      return;
    }
    lane.busy = true;
    attempt(head)
      .catch((error: unknown) => onError(`webhook ${url}: ${String(error)}`))
      .finally(() => {
        lane.busy = false;
        if (head.status !== 'pending') lane.queue.shift();
        pump(url);
      });
  };

  /** One POST; the delivery's row and object say what happened and when the next try is. */
  const attempt = async (delivery: Delivery): Promise<void> => {
    const hook = options.webhooks().find((h) => h.url === delivery.url);
    let code: number | null = null;
    let error: string | null = null;
    if (!hook) {
      error = 'this URL is no longer in the config';
    } else {
      try {
        const timeout = AbortSignal.timeout((hook.timeout_seconds ?? 10) * 1000);
        const res = await fetch(delivery.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [SIGNATURE_HEADER]: signBody(hook.secret, delivery.body),
            [DELIVERY_HEADER]: delivery.id,
            [EVENT_HEADER]: delivery.eventType,
          },
          body: delivery.body,
          signal: AbortSignal.any([timeout, closing.signal]),
        });
        code = res.status;
        await res.body?.cancel().catch(() => {});
        if (!res.ok) error = `answered ${res.status}`;
      } catch (cause) {
        if (closed) return; // Stopping: the delivery stays pending and is sent after the restart.
        error = cause instanceof Error && cause.name === 'TimeoutError' ? 'timed out' : String(cause);
      }
    }
    if (closed) return;
    delivery.attempts++;
    delivery.lastStatus = code;
    delivery.lastError = error;
    if (error === null) delivery.status = 'delivered';
    else if (!hook || delivery.attempts >= backoff.maxAttempts) delivery.status = 'failed';
    else delivery.nextAt = now() + retryDelay(delivery.attempts, backoff);
    delivery.updatedAt = now();
    store.update(delivery.id, delivery, delivery.updatedAt);
  };

  const deliver = (url: string, type: string, at: number, data: unknown): string => {
    const id = newId();
    const body = JSON.stringify({ id, type, at, data });
    enqueue(store.insert({ id, url, eventType: type, body, createdAt: now() }));
    return id;
  };

  for (const pending of store.pending()) enqueue(pending);

  return {
    publish(event) {
      if (closed) return;
      for (const hook of options.webhooks()) {
        if (!hook.events.some((pattern) => eventMatches(pattern, event.type))) continue;
        try {
          deliver(hook.url, event.type, event.at, event.data);
        } catch (error) {
          onError(`webhook ${hook.url}: cannot store a delivery: ${String(error)}`);
        }
      }
    },
    sendTest(url) {
      const at = now();
      return options
        .webhooks()
        .filter((hook) => url === undefined || hook.url === url)
        .map((hook) => deliver(hook.url, 'webhook.test', at, { message: 'test delivery from Bulletproof' }));
    },
    list(query = {}) {
      return store.list({ status: query.status, limit: query.limit ?? 50 }).map(({ body, ...rest }) => ({
        ...rest,
        payload: JSON.parse(body) as unknown,
      }));
    },
    close() {
      if (closed) return;
      closed = true;
      closing.abort();
      for (const lane of lanes.values()) if (lane.timer) clearTimeout(lane.timer);
      store.close();
    },
  };
}
