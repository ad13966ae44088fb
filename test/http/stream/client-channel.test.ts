import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLOSE_TOO_SLOW, createChannel, type StreamSocket } from '../../../src/http/stream/client-channel.ts';

/** A socket whose kernel buffer we control: `buffered` is what a real socket reports as bufferedAmount. */
function fakeSocket() {
  const state = {
    sent: [] as string[],
    buffered: 0,
    closed: null as null | { code: number; reason: string },
  };
  const socket: StreamSocket = {
    send: (text) => {
      state.sent.push(text);
    },
    close: (code, reason) => {
      state.closed = { code, reason };
    },
    bufferedAmount: () => state.buffered,
  };
  return { socket, state };
}

const limits = { maxQueuedMessages: 5, maxBufferedBytes: 1000, maxLagMs: 2000 };

describe('client channel', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes straight through while the socket keeps up', () => {
    const { socket, state } = fakeSocket();
    const channel = createChannel(
      socket,
      limits,
      () => ({ text: 'SNAP', seq: 0 }),
      () => {},
    );
    channel.deliver('a');
    channel.deliver('b');
    expect(state.sent).toEqual(['a', 'b']);
  });

  it('holds messages while the socket buffer is full and sends them in order once it drains', () => {
    const { socket, state } = fakeSocket();
    const channel = createChannel(
      socket,
      limits,
      () => ({ text: 'SNAP', seq: 0 }),
      () => {},
    );
    state.buffered = 5000;
    channel.deliver('a');
    channel.deliver('b');
    vi.advanceTimersByTime(200);
    expect(state.sent).toEqual([]);
    state.buffered = 0;
    vi.advanceTimersByTime(100);
    expect(state.sent).toEqual(['a', 'b']);
  });

  it('replaces an overflowing backlog with one fresh snapshot once the socket drains', () => {
    const { socket, state } = fakeSocket();
    let version = 0;
    const channel = createChannel(
      socket,
      limits,
      () => ({ text: `SNAP${version}`, seq: version }),
      () => {},
    );
    state.buffered = 5000;
    for (let i = 0; i < 50; i++) channel.deliver(`e${i}`);
    version = 7;
    state.buffered = 0;
    vi.advanceTimersByTime(100);
    channel.deliver('after');
    expect(state.sent).toEqual(['SNAP7', 'after']);
  });

  it('closes a client that stays stuck longer than maxLagMs with 1013 and a reason', () => {
    const { socket, state } = fakeSocket();
    const onClosed = vi.fn();
    const channel = createChannel(socket, limits, () => ({ text: 'SNAP', seq: 0 }), onClosed);
    state.buffered = 5000;
    channel.deliver('a');
    vi.advanceTimersByTime(2500);
    expect(state.closed?.code).toBe(CLOSE_TOO_SLOW);
    expect(state.closed?.reason).toMatch(/too slow/);
    expect(onClosed).toHaveBeenCalledOnce();
    expect(channel.closed).toBe(true);
  });

  it('answers resync at once when idle and folds it into the pending snapshot when behind', () => {
    const { socket, state } = fakeSocket();
    const channel = createChannel(
      socket,
      limits,
      () => ({ text: 'SNAP', seq: 0 }),
      () => {},
    );
    channel.resync();
    expect(state.sent).toEqual(['SNAP']);
    state.buffered = 5000;
    channel.deliver('x');
    channel.resync();
    channel.resync();
    state.buffered = 0;
    vi.advanceTimersByTime(100);
    expect(state.sent).toEqual(['SNAP', 'SNAP']);
  });
});

describe('client channel and snapshots', () => {
  it('skips events the last snapshot already covers, so seq never goes backwards', () => {
    const { socket, state } = fakeSocket();
    const channel = createChannel(
      socket,
      limits,
      () => ({ text: 'SNAP@5', seq: 5 }),
      () => {},
    );
    channel.resync();
    channel.deliver('e4', 4);
    channel.deliver('e5', 5);
    channel.deliver('e6', 6);
    channel.deliver('pong');
    expect(state.sent).toEqual(['SNAP@5', 'e6', 'pong']);
  });
});
