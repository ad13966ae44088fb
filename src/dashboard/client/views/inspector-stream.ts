import { type Signal, signal } from '@preact/signals';
import type { ApiClient } from '../api.ts';

/** One step of an actor: the event it took and the state value it was in afterwards. */
export interface InspectEntry {
  seq: number;
  at: number;
  eventType: string;
  /** The event as the server sent it (file paths redacted to their names). */
  event: unknown;
  value: unknown;
  status: string;
  /** The actor's context after the event (the queue's as a summary), paths redacted like the event's. */
  context: unknown;
  /** Consecutive events of one type that left the value as it was (progress ticks) are kept as one entry. */
  repeats: number;
}

export interface ActorNow {
  machine: string | null;
  value: unknown;
  status: string;
}

export interface InspectStream {
  /** Current state of each followed actor, by actor name (`queue`, `job:<id>`). */
  now: Signal<ReadonlyMap<string, ActorNow>>;
  /** Each followed actor's recent steps, oldest first. */
  entries: Signal<ReadonlyMap<string, readonly InspectEntry[]>>;
  connected: Signal<boolean>;
  /** Follows these actors (job ids, `queue`); the server answers with their current snapshots. */
  follow(actors: readonly string[]): void;
  stop(): void;
}

interface Message {
  type: string;
  seq: number;
  at: number;
  data: {
    actor?: string;
    machine?: string;
    event?: { type?: string };
    snapshot?: { value?: unknown; status?: string; context?: unknown };
    actors?: { actor: string; machine?: string; snapshot?: { value?: unknown; status?: string } }[];
  };
}

/** Steps kept per actor: a page open for a long show must not grow without bound. */
const MAX_ENTRIES = 300;
const RETRY_MS = [500, 1000, 2000, 5000];

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The actor's steps with one more: a step of the same event type as the last that left the state value as it was
 * (a progress tick) replaces the last and counts it; the list keeps its newest `max` steps.
 */
export function appendStep(
  list: readonly InspectEntry[],
  step: InspectEntry,
  max = MAX_ENTRIES,
): InspectEntry[] {
  const out = [...list];
  const last = out[out.length - 1];
  if (last && last.eventType === step.eventType && sameValue(last.value, step.value)) {
    out[out.length - 1] = { ...step, seq: last.seq, repeats: last.repeats + step.repeats };
    return out;
  }
  out.push(step);
  if (out.length > max) out.splice(0, out.length - max);
  return out;
}

/**
 * The inspector's link to /api/v1/inspect: one WebSocket (a single-use ticket first when the page has a token),
 * filtered to the actors the view follows, reopened with a growing delay when it drops. Only `@xstate.snapshot`
 * messages are kept: each names the event an actor took and the state it was in afterwards.
 */
export function createInspectStream(api: ApiClient): InspectStream {
  const now = signal<ReadonlyMap<string, ActorNow>>(new Map());
  const entries = signal<ReadonlyMap<string, readonly InspectEntry[]>>(new Map());
  const connected = signal(false);
  let actors: readonly string[] = ['queue'];
  let socket: WebSocket | null = null;
  let stopped = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function record(m: Message): void {
    const { actor, snapshot } = m.data;
    if (!actor || !snapshot) return;
    const next = new Map(now.value);
    next.set(actor, {
      machine: m.data.machine ?? null,
      value: snapshot.value,
      status: snapshot.status ?? '',
    });
    now.value = next;
    const entry: InspectEntry = {
      seq: m.seq,
      at: m.at,
      eventType: m.data.event?.type ?? '?',
      event: m.data.event ?? null,
      value: snapshot.value,
      status: snapshot.status ?? '',
      context: snapshot.context ?? null,
      repeats: 1,
    };
    const list = appendStep(entries.value.get(actor) ?? [], entry);
    const all = new Map(entries.value);
    all.set(actor, list);
    entries.value = all;
  }

  function onMessage(m: Message): void {
    if (m.type === 'inspect.snapshot') {
      const next = new Map<string, ActorNow>();
      for (const a of m.data.actors ?? []) {
        next.set(a.actor, {
          machine: a.machine ?? null,
          value: a.snapshot?.value,
          status: a.snapshot?.status ?? '',
        });
      }
      now.value = next;
    } else if (m.type === '@xstate.snapshot') {
      record(m);
    }
  }

  function subscribeText(): string {
    return JSON.stringify({ type: 'subscribe', actors });
  }

  async function open(): Promise<void> {
    let query = actors.map((a) => `actor=${encodeURIComponent(a)}`).join('&');
    if (api.token.value) {
      try {
        const ticket = await api.call<{ ticket: string }>('POST', '/ws-ticket', {});
        query += `&ticket=${encodeURIComponent(ticket.ticket)}`;
      } catch {
        return retry();
      }
    }
    if (stopped) return;
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${scheme}//${location.host}/api/v1/inspect?${query}`, 'bvp.v1');
    socket = ws;
    ws.onopen = () => {
      failures = 0;
      connected.value = true;
      // The filter may have changed while the socket was opening.
      ws.send(subscribeText());
    };
    ws.onmessage = (e) => {
      if (typeof e.data !== 'string') return;
      try {
        onMessage(JSON.parse(e.data) as Message);
      } catch {
        // Not our server's JSON: ignore the frame.
      }
    };
    ws.onclose = () => {
      connected.value = false;
      if (socket === ws) socket = null;
      retry();
    };
  }

  function retry(): void {
    if (stopped || timer !== null) return;
    const delay = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)]!;
    failures += 1;
    timer = setTimeout(() => {
      timer = null;
      void open();
    }, delay);
  }

  void open();
  return {
    now,
    entries,
    connected,
    follow(next) {
      if (next.length === actors.length && next.every((a, i) => a === actors[i])) return;
      actors = [...next];
      if (socket?.readyState === WebSocket.OPEN) socket.send(subscribeText());
    },
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      if (socket) {
        socket.onclose = null;
        socket.close(1000, 'Inspector closed');
      }
    },
  };
}
