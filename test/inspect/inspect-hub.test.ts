import { describe, expect, it } from 'vitest';
import { createActor, createMachine, type InspectionEvent } from 'xstate';
import type { StreamSocket } from '../../src/http/stream/client-channel.ts';
import { createInspectHub } from '../../src/inspect/inspect-hub.ts';

const toggle = createMachine({
  id: 'toggle',
  context: { file: '/shows/act 1/cue.mov', now: () => 0 },
  initial: 'off',
  states: { off: { on: { FLIP: 'on' } }, on: { on: { FLIP: 'off' } } },
});

interface TestSocket extends StreamSocket {
  texts: string[];
  closed: { code: number; reason: string } | null;
}

function socket(buffered = 0): TestSocket {
  const s: TestSocket = {
    texts: [],
    closed: null,
    send: (text) => void s.texts.push(text),
    close: (code, reason) => {
      s.closed = { code, reason };
    },
    bufferedAmount: () => buffered,
  };
  return s;
}

const limits = { maxQueuedMessages: 8, maxBufferedBytes: 4096, maxLagMs: 100 };
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('inspect hub', () => {
  it('returns without reading the event while nobody inspects', () => {
    const hub = createInspectHub({ limits });
    const untouchable = new Proxy({} as InspectionEvent, {
      get() {
        throw new Error('the event was read');
      },
    });
    expect(() => hub.tap('queue')(untouchable)).not.toThrow();
  });

  it('names intake actors by path: a client filtered to one path hears only that file', async () => {
    const hub = createInspectHub({ limits });
    const [a, b] = [socket(), socket()];
    hub.connect(a, { actors: ['/w/a.mov'], paths: true });
    hub.connect(b, { actors: ['/w/b.mov'], paths: false });
    const actor = createActor(toggle, { inspect: hub.tap('intake:/w/a.mov') }).start();
    actor.send({ type: 'FLIP' });
    await settle();
    const types = a.texts.map((t) => (JSON.parse(t) as { type: string }).type);
    expect(types).toEqual(expect.arrayContaining(['@xstate.actor', '@xstate.event', '@xstate.snapshot']));
    expect(a.texts.some((t) => t.includes('"actor":"intake:/w/a.mov"'))).toBe(true);
    expect(a.texts.some((t) => t.includes('/shows/act 1/cue.mov'))).toBe(true);
    expect(b.texts.map((t) => (JSON.parse(t) as { type: string }).type)).toEqual(['inspect.snapshot']);
  });

  it('cuts off a client whose socket never drains (1013) while the others and the actor go on', async () => {
    const hub = createInspectHub({ limits });
    const [stuck, fine] = [socket(1 << 30), socket()];
    hub.connect(stuck, { actors: null, paths: false });
    hub.connect(fine, { actors: null, paths: false });
    const actor = createActor(toggle, { inspect: hub.tap('queue') }).start();
    for (let i = 0; i < 100; i++) actor.send({ type: 'FLIP' });
    expect(actor.getSnapshot().value).toBe('off');
    await settle();
    const snapshots = fine.texts.filter((t) => t.includes('"type":"@xstate.snapshot"'));
    expect(snapshots).toHaveLength(101);
    // Redacted by default: the folder is gone, the file name stays.
    expect(fine.texts.some((t) => t.includes('/shows/'))).toBe(false);
    expect(fine.texts.some((t) => t.includes('"file":"…/cue.mov"'))).toBe(true);
    // No function in any message: the context's clock is left out.
    expect(fine.texts.some((t) => t.includes('"now"'))).toBe(false);
    await new Promise<void>((resolve) => {
      const wait = () => (stuck.closed ? resolve() : setTimeout(wait, 20));
      wait();
    });
    expect(stuck.closed?.code).toBe(1013);
    expect(hub.clientCount).toBe(1);
  });
});
