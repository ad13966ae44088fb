import { describe, expect, it } from 'vitest';
import { createActor, fromCallback, SimulatedClock } from 'xstate';
import {
  backoffDelay,
  type ConnectionEmitted,
  type ConnectionInput,
  connectionMachine,
  connectionPhase,
  type SocketCommand,
  type SocketReport,
  type StreamMessage,
} from '../../machines/connection.ts';

/** A fake socket per connect: the test plays the server through `report`, and reads what the page sent. */
function harness(input: ConnectionInput = {}) {
  const clock = new SimulatedClock();
  const sockets: Array<{ sent: string[]; closed: boolean; report: (r: SocketReport) => void }> = [];
  const socket = fromCallback<SocketCommand>(({ sendBack, receive }) => {
    const entry = { sent: [] as string[], closed: false, report: sendBack };
    sockets.push(entry);
    receive((command) => entry.sent.push(command.text));
    return () => {
      entry.closed = true;
    };
  });
  const actor = createActor(connectionMachine.provide({ actors: { socket } }), {
    clock,
    input: { baseDelayMs: 500, maxDelayMs: 8000, pingMs: 15_000, resyncTimeoutMs: 10_000, ...input },
  });
  const emitted: ConnectionEmitted[] = [];
  actor.on('snapshot', (e) => emitted.push(e));
  actor.on('event', (e) => emitted.push(e));
  actor.start();
  const last = () => sockets[sockets.length - 1]!;
  const message = (type: string, seq: number): SocketReport => ({
    type: 'socket.message',
    message: { type, seq, at: 0, data: null } satisfies StreamMessage,
  });
  const phase = () => connectionPhase(actor.getSnapshot().value);
  return { clock, sockets, actor, emitted, last, message, phase };
}

describe('connection machine', () => {
  it('is live only once the first snapshot arrived, then applies events in seq order', () => {
    const h = harness();
    expect(h.phase()).toBe('connecting');
    h.last().report({ type: 'socket.open' });
    expect(h.phase()).toBe('connecting');
    h.last().report(h.message('snapshot', 7));
    expect(h.phase()).toBe('live');
    h.last().report(h.message('job.queued', 8));
    h.last().report(h.message('job.started', 9));
    h.last().report(h.message('job.started', 9)); // a duplicate is ignored
    expect(h.emitted.map((e) => `${e.type}:${e.message.seq}`)).toEqual(['snapshot:7', 'event:8', 'event:9']);
    expect(h.actor.getSnapshot().context.lastSeq).toBe(9);
  });

  it('asks for a fresh snapshot on a seq gap and drops events until it arrives', () => {
    const h = harness();
    h.last().report(h.message('snapshot', 1));
    h.last().report(h.message('job.queued', 3)); // 2 was missed
    expect(h.phase()).toBe('resyncing');
    expect(h.last().sent).toEqual(['{"type":"resync"}']);
    h.last().report(h.message('job.progress', 4));
    h.last().report(h.message('snapshot', 4));
    h.last().report(h.message('job.progress', 5));
    expect(h.phase()).toBe('live');
    expect(h.emitted.map((e) => `${e.type}:${e.message.seq}`)).toEqual([
      'snapshot:1',
      'snapshot:4',
      'event:5',
    ]);
    expect(h.sockets).toHaveLength(1);
  });

  it('asks for a fresh snapshot when the page requests one, on the same socket', () => {
    const h = harness();
    h.last().report(h.message('snapshot', 1));
    h.last().report(h.message('queue.restored', 2));
    h.actor.send({ type: 'resync.request' });
    expect(h.phase()).toBe('resyncing');
    expect(h.last().sent).toEqual(['{"type":"resync"}']);
    h.last().report(h.message('snapshot', 2));
    expect(h.phase()).toBe('live');
    expect(h.emitted.map((e) => `${e.type}:${e.message.seq}`)).toEqual([
      'snapshot:1',
      'event:2',
      'snapshot:2',
    ]);
    expect(h.sockets).toHaveLength(1);
  });

  it('reconnects forever after a drop with capped exponential backoff', () => {
    const h = harness();
    h.last().report(h.message('snapshot', 1));
    h.last().report({ type: 'socket.closed', code: 1006 });
    expect(h.phase()).toBe('backingOff');
    expect(h.sockets[0]!.closed).toBe(true);
    const waits: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      const before = h.sockets.length;
      const delay = h.actor.getSnapshot().context.delayMs;
      waits.push(delay);
      h.clock.increment(delay - 1);
      expect(h.sockets.length).toBe(before);
      h.clock.increment(1);
      expect(h.sockets.length).toBe(before + 1);
      expect(h.phase()).toBe('connecting');
      h.last().report({ type: 'socket.closed', code: 1006 }); // the server is still down
    }
    expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
    // Back up: the snapshot resets the backoff.
    h.clock.increment(8000);
    h.last().report(h.message('snapshot', 40));
    expect(h.phase()).toBe('live');
    h.last().report({ type: 'socket.closed', code: 1001 });
    expect(h.actor.getSnapshot().context.delayMs).toBe(500);
  });

  it('stops retrying on a refused token and connects again when a token is entered', () => {
    const h = harness();
    h.last().report({ type: 'socket.refused' });
    expect(h.phase()).toBe('refused');
    h.clock.increment(60_000);
    expect(h.sockets).toHaveLength(1);
    h.actor.send({ type: 'token.set' });
    expect(h.sockets).toHaveLength(2);
    h.last().report(h.message('snapshot', 0));
    expect(h.phase()).toBe('live');
  });

  it('pings while live and treats two unanswered pings as a dead link', () => {
    const h = harness();
    h.last().report(h.message('snapshot', 0));
    h.clock.increment(15_000);
    expect(h.last().sent).toEqual(['{"type":"ping"}']);
    h.last().report(h.message('pong', 0)); // answered
    h.clock.increment(15_000);
    h.clock.increment(15_000);
    expect(h.last().sent).toHaveLength(3);
    expect(h.phase()).toBe('live');
    h.clock.increment(15_000);
    expect(h.phase()).toBe('backingOff');
    expect(h.sockets[0]!.closed).toBe(true);
  });

  it('gives up on a snapshot that never comes and reconnects', () => {
    const h = harness();
    h.last().report(h.message('snapshot', 0));
    h.last().report(h.message('job.queued', 5));
    h.clock.increment(10_000);
    expect(h.phase()).toBe('backingOff');
    h.actor.send({ type: 'retry.now' });
    expect(h.sockets).toHaveLength(2);
  });

  it('caps the delay formula', () => {
    expect(backoffDelay(0, 250, 10_000)).toBe(250);
    expect(backoffDelay(3, 250, 10_000)).toBe(2000);
    expect(backoffDelay(1000, 250, 10_000)).toBe(10_000);
  });
});
