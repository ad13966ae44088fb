import { assign, emit, fromCallback, sendTo, setup } from 'xstate';

/**
 * The dashboard's live link to `/api/v1/stream` as a state chart. Pure: the socket is an invoked actor named
 * `socket` that the page supplies through `provide` (a real WebSocket) and a test supplies as a fake, so reconnect,
 * backoff and resync run under XState's SimulatedClock. Runs unchanged in the browser bundle.
 *
 * connecting → live ⇄ resyncing, any drop → backingOff → connecting (forever, capped exponential delay);
 * a refused credential → refused until a new token arrives.
 */

/** A message as the server sends it: a `snapshot`, then events with a rising `seq`. */
export interface StreamMessage {
  type: string;
  seq: number;
  at: number;
  data: unknown;
}

/** What the socket actor reports to the machine. */
export type SocketReport =
  | { type: 'socket.open' }
  | { type: 'socket.message'; message: StreamMessage }
  | { type: 'socket.closed'; code: number }
  /** The server refused the credentials (401 on the ticket or the probe): retrying cannot help. */
  | { type: 'socket.refused' };

/** What the machine asks of the socket actor. */
export type SocketCommand = { type: 'send'; text: string };

/**
 * From the page: a token was entered (after a refusal), reconnect now (skips the wait), or ask for a fresh snapshot
 * (the page met an event it cannot apply on its own, such as jobs handed back at a restart).
 */
export type ConnectionCommand = { type: 'token.set' } | { type: 'retry.now' } | { type: 'resync.request' };

export type ConnectionEvent = SocketReport | ConnectionCommand;

/** Emitted to the page: apply a snapshot (replaces everything) or one event in seq order. */
export type ConnectionEmitted =
  | { type: 'snapshot'; message: StreamMessage }
  | { type: 'event'; message: StreamMessage };

export interface ConnectionInput {
  /** First reconnect delay (default 500 ms); doubles per failed attempt up to `maxDelayMs`. */
  baseDelayMs?: number;
  /** Cap of the reconnect delay (default 5 s: a restarted server is seen within seconds). */
  maxDelayMs?: number;
  /** A ping goes out this often while live (default 15 s); two unanswered pings count as a dead link. */
  pingMs?: number;
  /** A requested snapshot that does not arrive within this time means a broken link (default 10 s). */
  resyncTimeoutMs?: number;
}

export interface ConnectionContext {
  baseDelayMs: number;
  maxDelayMs: number;
  pingMs: number;
  resyncTimeoutMs: number;
  /** Failed connects in a row; 0 once a snapshot arrived. */
  attempt: number;
  /** The delay of the current (or last) wait in backingOff. */
  delayMs: number;
  /** seq of the last message applied; -1 before the first snapshot. */
  lastSeq: number;
  /** Pings sent since the last message received. */
  unanswered: number;
  /** Snapshots received since the start, for the page's "resynced" notice and for tests. */
  snapshots: number;
}

/** The capped exponential delay before attempt `attempt` (0-based). */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
}

const RESYNC = JSON.stringify({ type: 'resync' });
const PING = JSON.stringify({ type: 'ping' });

const messageOf = (event: ConnectionEvent): StreamMessage | null =>
  event.type === 'socket.message' ? event.message : null;

export const connectionMachine = setup({
  types: {
    context: {} as ConnectionContext,
    events: {} as ConnectionEvent,
    input: {} as ConnectionInput,
    emitted: {} as ConnectionEmitted,
  },
  actors: {
    /** Replaced by the page (a WebSocket) or a test (a fake); this default never connects. */
    socket: fromCallback<SocketCommand>(() => () => {}),
  },
  guards: {
    isSnapshot: ({ event }) => messageOf(event)?.type === 'snapshot',
    /** Not numbered (pong, error) or already covered by the snapshot: nothing to apply. */
    isStale: ({ context, event }) => {
      const message = messageOf(event);
      return message !== null && (typeof message.seq !== 'number' || message.seq <= context.lastSeq);
    },
    isNext: ({ context, event }) => messageOf(event)?.seq === context.lastSeq + 1,
    linkDead: ({ context }) => context.unanswered >= 2,
  },
  delays: {
    backoff: ({ context }) => context.delayMs,
    ping: ({ context }) => context.pingMs,
    resyncTimeout: ({ context }) => context.resyncTimeoutMs,
  },
  actions: {
    applySnapshot: assign(({ context, event }) => ({
      lastSeq: messageOf(event)!.seq,
      attempt: 0,
      unanswered: 0,
      snapshots: context.snapshots + 1,
    })),
    emitSnapshot: emit(({ event }) => ({ type: 'snapshot' as const, message: messageOf(event)! })),
    applyEvent: assign({ lastSeq: ({ event }) => messageOf(event)!.seq, unanswered: 0 }),
    emitEvent: emit(({ event }) => ({ type: 'event' as const, message: messageOf(event)! })),
    heard: assign({ unanswered: 0 }),
    requestSnapshot: sendTo('socket', { type: 'send', text: RESYNC } satisfies SocketCommand),
    ping: sendTo('socket', { type: 'send', text: PING } satisfies SocketCommand),
    countPing: assign({ unanswered: ({ context }) => context.unanswered + 1 }),
    scheduleRetry: assign(({ context }) => ({
      delayMs: backoffDelay(context.attempt, context.baseDelayMs, context.maxDelayMs),
      attempt: context.attempt + 1,
    })),
    resetAttempts: assign({ attempt: 0 }),
  },
}).createMachine({
  id: 'connection',
  context: ({ input }) => ({
    baseDelayMs: input.baseDelayMs ?? 500,
    maxDelayMs: input.maxDelayMs ?? 5_000,
    pingMs: input.pingMs ?? 15_000,
    resyncTimeoutMs: input.resyncTimeoutMs ?? 10_000,
    attempt: 0,
    delayMs: 0,
    lastSeq: -1,
    unanswered: 0,
    snapshots: 0,
  }),
  initial: 'online',
  states: {
    // The socket lives as long as this state: leaving it (drop, refusal, dead link) closes it.
    online: {
      invoke: { id: 'socket', src: 'socket' },
      on: {
        'socket.closed': { target: 'backingOff' },
        'socket.refused': { target: 'refused' },
      },
      initial: 'connecting',
      states: {
        // Open or not, nothing is shown as live until the server's first snapshot arrived.
        connecting: {
          on: {
            'socket.message': {
              guard: 'isSnapshot',
              target: 'live',
              actions: ['applySnapshot', 'emitSnapshot'],
            },
          },
        },
        live: {
          after: {
            ping: [
              { guard: 'linkDead', target: '#connection.backingOff' },
              { target: 'live', reenter: true, actions: ['ping', 'countPing'] },
            ],
          },
          on: {
            'socket.message': [
              { guard: 'isSnapshot', actions: ['applySnapshot', 'emitSnapshot'] },
              { guard: 'isStale', actions: 'heard' },
              { guard: 'isNext', actions: ['applyEvent', 'emitEvent'] },
              // A gap: what was missed is unknown, so the whole state is asked for again.
              { target: 'resyncing' },
            ],
            'resync.request': { target: 'resyncing' },
          },
        },
        // Events are dropped until the snapshot comes; it reflects them all.
        resyncing: {
          entry: 'requestSnapshot',
          after: { resyncTimeout: { target: '#connection.backingOff' } },
          on: {
            'socket.message': [
              { guard: 'isSnapshot', target: 'live', actions: ['applySnapshot', 'emitSnapshot'] },
              { actions: 'heard' },
            ],
          },
        },
      },
    },
    backingOff: {
      entry: 'scheduleRetry',
      after: { backoff: { target: 'online' } },
      on: { 'retry.now': { target: 'online' }, 'token.set': { target: 'online' } },
    },
    // The token was refused: asking again with the same one would be refused again.
    refused: {
      on: { 'token.set': { target: 'online', actions: 'resetAttempts' } },
    },
  },
});

/** The page's four words for the chart's states (the header shows them). */
export type ConnectionPhase = 'connecting' | 'live' | 'resyncing' | 'backingOff' | 'refused';

/** Flattens a snapshot's state value to the phase the header shows. */
export function connectionPhase(value: unknown): ConnectionPhase {
  if (typeof value === 'string') return value === 'refused' ? 'refused' : 'backingOff';
  const online = (value as { online?: string }).online;
  return online === 'live' || online === 'resyncing' ? online : 'connecting';
}
