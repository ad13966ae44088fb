/** What the hub needs of a connected WebSocket, whatever the runtime. */
export interface StreamSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
  /** Bytes accepted by send() but not yet written to the network; 0 where the runtime does not say. */
  bufferedAmount(): number;
}

export interface ChannelLimits {
  maxQueuedMessages: number;
  maxBufferedBytes: number;
  maxLagMs: number;
}

/** A serialised snapshot and the seq of the last event it already reflects. */
export interface SnapshotFrame {
  text: string;
  seq: number;
}

export interface Channel {
  /**
   * Queue a message; never blocks and never grows past the limits. An event (with its seq) that the last snapshot
   * already covers is skipped, so a client never sees seq go backwards.
   */
  deliver(text: string, seq?: number): void;
  /** Replace whatever is waiting with a fresh snapshot, as soon as the socket can take it. */
  resync(): void;
  close(code: number, reason: string): void;
  readonly closed: boolean;
}

/** 1013 "try again later": the client fell too far behind and should reconnect (and get a snapshot). */
export const CLOSE_TOO_SLOW = 1013;
const PUMP_MS = 50;

/**
 * One client's bounded outbox. Writes go straight to the socket while it keeps up; when the socket's own buffer is
 * over the limit they wait here; when the wait list overflows it is thrown away and the client gets a fresh snapshot
 * once its socket drains (a backlog of stale progress is worth less than the current state). A client that stays
 * stuck longer than `maxLagMs` is closed. Nothing here waits on the client, so a slow reader slows nobody else.
 */
export function createChannel(
  socket: StreamSocket,
  limits: ChannelLimits,
  snapshot: () => SnapshotFrame,
  onClosed: () => void,
  now: () => number = Date.now,
): Channel {
  let queue: string[] = [];
  let queuedBytes = 0;
  let needsSnapshot = false;
  let stuckSince: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let snapshotSeq = -1;

  const socketFull = () => socket.bufferedAmount() >= limits.maxBufferedBytes;

  function write(text: string): void {
    try {
      socket.send(text);
    } catch {
      close(1011, 'Send failed');
    }
  }

  function writeSnapshot(): void {
    const frame = snapshot();
    snapshotSeq = frame.seq;
    write(frame.text);
  }

  function schedule(): void {
    if (timer === null && !closed) timer = setTimeout(pump, PUMP_MS);
  }

  function fallBehind(): void {
    queue = [];
    queuedBytes = 0;
    needsSnapshot = true;
    stuckSince ??= now();
    schedule();
  }

  function pump(): void {
    timer = null;
    if (closed) return;
    if (needsSnapshot && socket.bufferedAmount() < limits.maxBufferedBytes / 2) {
      needsSnapshot = false;
      writeSnapshot();
    }
    while (!closed && !needsSnapshot && queue.length > 0 && !socketFull()) {
      const text = queue.shift()!;
      queuedBytes -= text.length;
      write(text);
    }
    if (closed) return;
    if (!needsSnapshot && queue.length === 0) {
      stuckSince = null;
      return;
    }
    if (stuckSince !== null && now() - stuckSince > limits.maxLagMs) {
      close(CLOSE_TOO_SLOW, 'Client too slow: fell behind the event stream; reconnect for a snapshot');
      return;
    }
    schedule();
  }

  function close(code: number, reason: string): void {
    if (closed) return;
    closed = true;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    queue = [];
    try {
      socket.close(code, reason);
    } catch {
      // Already closing: nothing left to tell the client.
    }
    onClosed();
  }

  return {
    deliver(text, seq) {
      if (closed || needsSnapshot || (seq !== undefined && seq <= snapshotSeq)) return;
      if (queue.length === 0 && !socketFull()) return write(text);
      stuckSince ??= now();
      queue.push(text);
      queuedBytes += text.length;
      if (queue.length > limits.maxQueuedMessages || queuedBytes > limits.maxBufferedBytes)
        return fallBehind();
      schedule();
    },
    resync() {
      if (closed) return;
      if (!needsSnapshot && queue.length === 0 && !socketFull()) return writeSnapshot();
      fallBehind();
    },
    close,
    get closed() {
      return closed;
    },
  };
}
