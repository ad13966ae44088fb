import WebSocket from 'ws';
import type { StreamMessage } from '../../../src/http/stream/event-hub.ts';

export interface Received extends StreamMessage {
  /** Local receipt time (ms). */
  receivedAt: number;
}

/** A real `ws` client on the stream that records every message and can wait for one. */
export interface StreamTestClient {
  ws: WebSocket;
  messages: Received[];
  waitFor(predicate: (m: Received) => boolean, ms?: number): Promise<Received>;
  send(message: unknown): void;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export interface ConnectOptions {
  protocols?: string[];
  headers?: Record<string, string>;
  query?: string;
}

export function streamUrl(baseUrl: string, query = ''): string {
  return `${baseUrl.replace(/^http/, 'ws')}/api/v1/stream${query}`;
}

/** Resolves once open; rejects with the HTTP status when the upgrade is refused. */
export function connectStream(baseUrl: string, options: ConnectOptions = {}): Promise<StreamTestClient> {
  const ws = new WebSocket(streamUrl(baseUrl, options.query), options.protocols ?? [], {
    headers: options.headers,
  });
  const messages: Received[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    const text = String(data);
    // The bare-text `pong` (answer to the original's text `ping`) is recorded as type 'text'.
    const message = text.startsWith('{')
      ? (JSON.parse(text) as StreamMessage)
      : ({ type: 'text', seq: -1, at: 0, data: text } as StreamMessage);
    messages.push({ ...message, receivedAt: Date.now() });
    for (const wake of waiters) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  const client: StreamTestClient = {
    ws,
    messages,
    closed,
    send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
    close: () => ws.close(),
    waitFor(predicate, ms = 30_000) {
      return new Promise((resolve, reject) => {
        let seen = 0;
        const check = () => {
          for (; seen < messages.length; seen++) {
            if (!predicate(messages[seen])) continue;
            clearTimeout(timer);
            waiters.delete(check);
            resolve(messages[seen]);
            return;
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching stream message within ${ms} ms`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode }));
      res.resume();
    });
    ws.once('error', (error) => reject(error));
  });
}

/** The HTTP status a refused upgrade answered with (or 0 when it opened). */
export async function upgradeStatus(baseUrl: string, options: ConnectOptions = {}): Promise<number> {
  try {
    const client = await connectStream(baseUrl, options);
    client.close();
    return 0;
  } catch (error) {
    return (error as { status?: number }).status ?? -1;
  }
}
