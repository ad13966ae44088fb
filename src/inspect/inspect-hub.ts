import * as v from 'valibot';
import type { AnyActorRef, InspectionEvent } from 'xstate';
import {
  type Channel,
  type ChannelLimits,
  createChannel,
  type SnapshotFrame,
  type StreamSocket,
} from '../http/stream/client-channel.ts';
import { createActorFilter, createActorNamer } from './actor-name.ts';
import { actorState, inspectData } from './frame.ts';
import type { InspectCallback } from './inspectable.ts';
import { InspectClientMessageSchema } from './messages.ts';
import { redactPaths } from './redact-paths.ts';
import type { ActorRefShape, PlainOptions } from './to-plain.ts';

export type { InspectCallback };
/** One callback per actor system, named after its root: `queue`, `intake:<path>`. */
export type InspectTap = (rootName: string) => InspectCallback;
/** The live actors a new client's first message describes, by name. */
export type InspectSource = () => Iterable<readonly [string, AnyActorRef]>;

export interface InspectClientOptions {
  /** Actor filter (job ids, `queue`, intake paths); null for every actor. */
  actors: readonly string[] | null;
  /** Send file paths as they are; by default their folders are removed. */
  paths: boolean;
}

export interface InspectClient {
  receive(text: string): void;
  disconnect(): void;
}

export interface InspectHub {
  tap: InspectTap;
  addSource(source: InspectSource): void;
  /** Raw events, synchronously (the Stately forwarder); returns the unsubscribe. */
  listen(listener: InspectCallback): () => void;
  connect(socket: StreamSocket, options: InspectClientOptions): InspectClient;
  readonly clientCount: number;
  close(code?: number, reason?: string): void;
}

interface Captured {
  event: InspectionEvent;
  nameOf: (ref: ActorRefShape) => string;
  seq: number;
  at: number;
}

interface Client {
  channel: Channel;
  matches: (name: string) => boolean;
  paths: boolean;
}

/** Events waiting for serialisation; past this the backlog is dropped and every client gets a fresh snapshot. */
const MAX_PENDING = 10_000;
/** Actors described in one snapshot message at most (a queue of 10,000 pending jobs stays a sane message). */
const MAX_SNAPSHOT_ACTORS = 500;
const MAX_CLIENT_FRAME = 64 * 1024;

const defer: (fn: () => void) => void =
  (globalThis as { setImmediate?: (fn: () => void) => void }).setImmediate ?? ((fn) => setTimeout(fn, 0));

/**
 * The inspector's side of the actor systems. Each tap returns at once while nobody listens, so the service pays one
 * function call per inspection event and nothing else. With clients, an event is numbered and kept (snapshots are
 * immutable) and serialised after the actor's step, in a batch, once per form (paths kept or redacted) whatever the
 * number of clients; each client gets it through its own bounded channel, filtered by actor name.
 */
export function createInspectHub(options: { limits: ChannelLimits; now?: () => number }): InspectHub {
  const now = options.now ?? Date.now;
  const clients = new Set<Client>();
  const listeners = new Set<InspectCallback>();
  const sources: InspectSource[] = [];
  let pending: Captured[] = [];
  let overflowed = false;
  let scheduled = false;
  let seq = 0;
  let closed = false;

  const plain = (nameOf: (ref: ActorRefShape) => string, paths: boolean): PlainOptions => ({
    nameOf,
    text: paths ? (s) => s : redactPaths,
  });

  function message(type: string, at: number, data: unknown, n = seq): string {
    return JSON.stringify({ type, seq: n, at, data });
  }

  function flush(): void {
    scheduled = false;
    const batch = pending;
    pending = [];
    if (overflowed) {
      overflowed = false;
      for (const client of clients) client.channel.resync();
    }
    for (const item of batch) {
      const name = item.nameOf(item.event.actorRef as unknown as ActorRefShape);
      const texts: [string | null, string | null] = [null, null];
      for (const client of clients) {
        if (!client.matches(name)) continue;
        const form = client.paths ? 1 : 0;
        texts[form] ??= serialise(item, client.paths);
        client.channel.deliver(texts[form], item.seq);
      }
    }
  }

  function serialise(item: Captured, paths: boolean): string {
    try {
      return message(item.event.type, item.at, inspectData(item.event, plain(item.nameOf, paths)), item.seq);
    } catch (error) {
      const data = { code: 'internal', message: `unserialisable ${item.event.type}: ${String(error)}` };
      return message('error', item.at, data, item.seq);
    }
  }

  function snapshotOf(client: Client): SnapshotFrame {
    const at = seq;
    const actors: unknown[] = [];
    let more = 0;
    for (const source of sources) {
      for (const [name, ref] of source()) {
        if (!client.matches(name)) continue;
        if (actors.length >= MAX_SNAPSHOT_ACTORS) {
          more++;
          continue;
        }
        const options = plain(createActorNamer(name), client.paths);
        actors.push(actorState(name, ref as unknown as ActorRefShape, options));
      }
    }
    return { seq: at, text: message('inspect.snapshot', now(), { actors, more }, at) };
  }

  function handle(client: Client, text: string): void {
    let parsed: unknown = null;
    try {
      parsed = text.length <= MAX_CLIENT_FRAME ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    const result = v.safeParse(InspectClientMessageSchema, parsed);
    if (!result.success) {
      const hint = 'Expected {"type":"subscribe","actors":[…] or null}, {"type":"resync"} or {"type":"ping"}';
      client.channel.deliver(message('error', now(), { code: 'request.invalid', message: hint }));
    } else if (result.output.type === 'subscribe') {
      client.matches = createActorFilter(result.output.actors);
      client.channel.resync();
    } else if (result.output.type === 'resync') {
      client.channel.resync();
    } else {
      client.channel.deliver(message('pong', now(), null));
    }
  }

  return {
    tap(rootName) {
      const nameOf = createActorNamer(rootName);
      return (event) => {
        if (clients.size === 0 && listeners.size === 0) return;
        for (const listener of listeners) {
          try {
            listener(event);
          } catch {
            // A forwarder's trouble stays with the forwarder.
          }
        }
        if (clients.size === 0) return;
        seq += 1;
        if (pending.length >= MAX_PENDING) {
          pending = [];
          overflowed = true;
        }
        pending.push({ event, nameOf, seq, at: now() });
        if (!scheduled) {
          scheduled = true;
          defer(flush);
        }
      };
    },
    addSource: (source) => void sources.push(source),
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    connect(socket, clientOptions) {
      if (closed) {
        socket.close(1001, 'Server shutting down');
        return { receive() {}, disconnect() {} };
      }
      const client: Client = {
        channel: undefined as unknown as Channel,
        matches: createActorFilter(clientOptions.actors),
        paths: clientOptions.paths,
      };
      client.channel = createChannel(
        socket,
        options.limits,
        () => snapshotOf(client),
        () => clients.delete(client),
        now,
      );
      clients.add(client);
      client.channel.resync();
      return {
        receive: (text) => handle(client, text),
        disconnect: () => client.channel.close(1000, 'Closed'),
      };
    },
    get clientCount() {
      return clients.size;
    },
    close(code = 1001, reason = 'Server shutting down') {
      if (closed) return;
      closed = true;
      pending = [];
      for (const client of [...clients]) client.channel.close(code, reason);
      listeners.clear();
    },
  };
}
