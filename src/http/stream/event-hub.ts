import * as v from 'valibot';
import { queueRowsFromView } from '../../service/queue-rows.ts';
import type { ServiceApi, ServiceEvent } from '../../service/types.ts';
import { ClientMessageSchema } from '../schemas.ts';
import type { StreamOptions } from '../types.ts';
import { type Channel, createChannel, type SnapshotFrame, type StreamSocket } from './client-channel.ts';
import { createFanOut } from './fan-out.ts';
import { createProgressThrottle } from './progress-throttle.ts';

/** Every message the server sends on the stream. */
export interface StreamMessage {
  type: string;
  /** Rises by one per event; a snapshot carries the seq of the last event it already reflects. */
  seq: number;
  at: number;
  data: unknown;
}

export interface StreamClient {
  /** A text frame from the client. */
  receive(text: string): void;
  /** The socket closed (or errored). */
  disconnect(): void;
}

/**
 * What a client's snapshots hold: `full` job views (the default), or `rows`, the queue as compact rows
 * (src/service/queue-rows.ts) for a page that lists thousands of jobs and fetches a job's detail when asked.
 */
export type SnapshotForm = 'full' | 'rows';

export interface EventHub {
  /** Registers a socket and sends it a snapshot at once. */
  connect(socket: StreamSocket, options?: { snapshot?: SnapshotForm }): StreamClient;
  /** The current state as a snapshot message (also what REST-only clients can compare against). */
  snapshot(form?: SnapshotForm): StreamMessage;
  readonly seq: number;
  readonly clientCount: number;
  /** Unsubscribes from the service and closes every client (1001 by default). */
  close(code?: number, reason?: string): void;
}

export const DEFAULT_STREAM_OPTIONS: StreamOptions = {
  progressIntervalMs: 250,
  maxQueuedMessages: 512,
  maxBufferedBytes: 1024 * 1024,
  maxLagMs: 10_000,
  historyLimit: 20,
};

const SNAPSHOT_REUSE_MS = 1000;

/** Client frames larger than this are not parsed: the protocol's messages are a few bytes. */
const MAX_CLIENT_FRAME = 4096;

export interface EventHubDeps {
  service: ServiceApi;
  options?: Partial<StreamOptions>;
  now?: () => number;
  onError?: (error: unknown) => void;
}

/**
 * Fans service events out to WebSocket clients: one subscription to the service, one seq counter, one JSON
 * serialisation per event whatever the number of clients, progress throttled per job before it is numbered (so every
 * client sees the same seq for the same event), and a fan-out sliced so many clients never hold the event loop.
 */
export function createEventHub(deps: EventHubDeps): EventHub {
  const options = { ...DEFAULT_STREAM_OPTIONS, ...deps.options };
  const now = deps.now ?? Date.now;
  const onError = deps.onError ?? (() => {});
  const channels = new Set<Channel>();
  const fanOut = createFanOut();
  let seq = 0;
  let closed = false;

  function frame(type: string, at: number, data: unknown): string {
    return JSON.stringify({ type, seq, at, data } satisfies StreamMessage);
  }

  function snapshot(form: SnapshotForm = 'full'): StreamMessage {
    const { service } = deps;
    const queue =
      form === 'full' ? service.queue() : (service.queueRows?.() ?? queueRowsFromView(service.queue()));
    const data = {
      status: service.status(),
      queue,
      history: service.history({ limit: options.historyLimit }).items,
    };
    return { type: 'snapshot', seq, at: now(), data };
  }

  const cached: Record<SnapshotForm, { seq: number; at: number; text: string } | null> = {
    full: null,
    rows: null,
  };

  /**
   * Snapshots are reused while nothing happened (same seq) for up to a second, so a burst of connects or a client
   * spamming resync costs one query and one serialisation, not one per request.
   */
  function snapshotFrame(form: SnapshotForm): SnapshotFrame {
    const at = now();
    const last = cached[form];
    if (last && last.seq === seq && at - last.at < SNAPSHOT_REUSE_MS) return last;
    try {
      const frame = { seq, at, text: JSON.stringify(snapshot(form)) };
      cached[form] = frame;
      return frame;
    } catch (error) {
      onError(error);
      const message = 'Snapshot unavailable; send resync to retry';
      return { seq: -1, text: frame('error', now(), { code: 'internal', message }) };
    }
  }

  function broadcast(event: ServiceEvent): void {
    if (closed) return;
    seq += 1;
    let text: string;
    try {
      text = frame(event.type, event.at, event.data);
    } catch (error) {
      onError(error);
      text = frame('service.error', event.at, {
        code: 'internal',
        message: `Unserialisable ${event.type} event`,
      });
    }
    fanOut.send(text, seq, channels);
  }

  const throttle = createProgressThrottle(broadcast, options.progressIntervalMs, now);
  const unsubscribe = deps.service.subscribe((event) => {
    // A listener that throws would reach the service's emitter; the stream's trouble stays here.
    try {
      throttle.push(event);
    } catch (error) {
      onError(error);
    }
  });

  function handle(channel: Channel, text: string): void {
    // The original's clients send the bare text `ping` and expect the bare text `pong` (no seq: not an event).
    if (text.trim() === 'ping') {
      channel.deliver('pong');
      return;
    }
    let parsed: unknown = null;
    if (text.length <= MAX_CLIENT_FRAME) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
    }
    const result = v.safeParse(ClientMessageSchema, parsed);
    if (!result.success) {
      const message = 'Expected {"type":"resync"}, {"type":"ping"} or the text ping';
      channel.deliver(frame('error', now(), { code: 'request.invalid', message }));
    } else if (result.output.type === 'resync') {
      channel.resync();
    } else {
      channel.deliver(frame('pong', now(), null));
    }
  }

  return {
    connect(socket, connectOptions = {}) {
      if (closed) {
        socket.close(1001, 'Server shutting down');
        return { receive() {}, disconnect() {} };
      }
      const form = connectOptions.snapshot ?? 'full';
      const channel = createChannel(
        socket,
        options,
        () => snapshotFrame(form),
        () => channels.delete(channel),
        now,
      );
      channels.add(channel);
      channel.resync();
      return {
        receive: (text) => handle(channel, text),
        disconnect: () => channel.close(1000, 'Closed'),
      };
    },
    snapshot,
    get seq() {
      return seq;
    },
    get clientCount() {
      return channels.size;
    },
    close(code = 1001, reason = 'Server shutting down') {
      if (closed) return;
      closed = true;
      unsubscribe();
      throttle.close();
      fanOut.clear();
      for (const channel of [...channels]) channel.close(code, reason);
    },
  };
}
