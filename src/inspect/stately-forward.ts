import { BvpError } from '../errors.ts';
import type { InspectHub } from './inspect-hub.ts';
import { redactPaths } from './redact-paths.ts';
import { type ActorRefShape, toPlain } from './to-plain.ts';

export interface StatelyForward {
  stop(): void;
}

/** Above this many bytes waiting in the socket, events are dropped rather than queued: the service never waits. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** The part of `@statelyai/inspect` used here, typed locally so the package stays an optional, lazy import. */
interface StatelyModule {
  createWebSocketInspector(options: {
    url: string;
    filter?: () => boolean;
    serialize?: <E>(event: E) => E;
  }): {
    adapter: { ws?: { bufferedAmount?: number } };
    inspect: { next?: (event: unknown) => void };
    stop(): void;
  };
}

/** A ws:// or wss:// URL, or a usage error naming the value. */
export function checkInspectUrl(url: string): URL {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:')) {
    throw new BvpError('usage', `--inspect "${url}" must be a ws:// or wss:// URL of a Stately inspector`);
  }
  return parsed;
}

/**
 * `bvp serve --inspect URL`: hands every inspection event to `@statelyai/inspect`'s WebSocket inspector, which
 * reconnects by itself. The package is loaded here and only here, so a run without the flag never loads it and
 * nothing leaves the machine. Events go out through the same path redaction and ref-to-name
 * conversion as /api/v1/inspect; while the socket is backed up, events are dropped.
 */
export async function forwardToStately(hub: InspectHub, url: string): Promise<StatelyForward> {
  checkInspectUrl(url);
  const specifier = '@statelyai/inspect';
  let mod: StatelyModule;
  try {
    mod = (await import(specifier)) as StatelyModule;
  } catch (error) {
    throw new BvpError(
      'usage',
      '--inspect needs the optional package @statelyai/inspect (npm install @statelyai/inspect)',
      { cause: error },
    );
  }
  const plain = { nameOf: (ref: ActorRefShape) => ref.systemId ?? ref.id, text: redactPaths };
  const inspector = mod.createWebSocketInspector({
    url,
    filter: () => (inspector.adapter.ws?.bufferedAmount ?? 0) < MAX_BUFFERED_BYTES,
    // The whole event, after Stately's own conversion: snapshots carry inputs and outputs as well as contexts.
    serialize: (event) => toPlain(event, plain) as typeof event,
  });
  const off = hub.listen((event) => inspector.inspect.next?.(event));
  return {
    stop() {
      off();
      inspector.stop();
    },
  };
}
