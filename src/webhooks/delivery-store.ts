import { openSql, type Sql } from '../store/db.ts';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface Delivery {
  id: string;
  url: string;
  eventType: string;
  /** The exact JSON that is signed and sent. */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  nextAt: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: string;
  url: string;
  event_type: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  next_at: number;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

const toDelivery = (r: Row): Delivery => ({
  id: r.id,
  url: r.url,
  eventType: r.event_type,
  body: r.body,
  status: r.status,
  attempts: r.attempts,
  nextAt: r.next_at,
  lastStatus: r.last_status,
  lastError: r.last_error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface DeliveryStore {
  insert(delivery: Pick<Delivery, 'id' | 'url' | 'eventType' | 'body' | 'createdAt'>): Delivery;
  /** After an attempt: delivered, failed for good, or pending again at `nextAt`. */
  update(
    id: string,
    patch: Pick<Delivery, 'status' | 'attempts' | 'nextAt' | 'lastStatus' | 'lastError'>,
    now: number,
  ): void;
  pending(): Delivery[];
  list(query: { status?: DeliveryStatus; limit: number }): Delivery[];
  close(): void;
}

/**
 * Webhook deliveries in the service's SQLite file, through a connection of their own (the table comes from the
 * store's migrations, which the service ran when it opened the file). Each delivery is written before it is sent.
 */
export function openDeliveryStore(file: string): DeliveryStore {
  // `normal`: a commit survives the process being killed (WAL), only a power cut can lose the last ones — and the
  // insert runs on every matching event, where an fsync each time would cost the service more than a lost retry.
  const sql: Sql = openSql(file, { synchronous: 'normal', busyTimeoutMs: 5000 });
  return {
    insert(d) {
      sql.run(
        `INSERT INTO webhook_deliveries (id, url, event_type, body, status, attempts, next_at, created_at, updated_at)
         VALUES (:id, :url, :type, :body, 'pending', 0, :at, :at, :at)`,
        { id: d.id, url: d.url, type: d.eventType, body: d.body, at: d.createdAt },
      );
      return {
        ...d,
        status: 'pending',
        attempts: 0,
        nextAt: d.createdAt,
        lastStatus: null,
        lastError: null,
        updatedAt: d.createdAt,
      };
    },
    update(id, p, now) {
      sql.run(
        `UPDATE webhook_deliveries SET status = :status, attempts = :attempts, next_at = :next,
           last_status = :code, last_error = :error, updated_at = :now WHERE id = :id`,
        {
          id,
          status: p.status,
          attempts: p.attempts,
          next: p.nextAt,
          code: p.lastStatus,
          error: p.lastError,
          now,
        },
      );
    },
    pending: () =>
      sql
        .all<Row>(`SELECT * FROM webhook_deliveries WHERE status = 'pending' ORDER BY created_at, id`)
        .map(toDelivery),
    list: ({ status, limit }) =>
      sql
        .all<Row>(
          `SELECT * FROM webhook_deliveries WHERE (:status IS NULL OR status = :status)
           ORDER BY created_at DESC, id DESC LIMIT :limit`,
          { status: status ?? null, limit },
        )
        .map(toDelivery),
    close: () => sql.close(),
  };
}
