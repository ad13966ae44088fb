import { describe, expect, it } from 'vitest';
import type { Channel } from '../../../src/http/stream/client-channel.ts';
import { createFanOut } from '../../../src/http/stream/fan-out.ts';

function recorder(log: string[], name: string): Channel {
  return {
    deliver: (text) => {
      log.push(`${name}:${text}`);
    },
    resync() {},
    close() {},
    closed: false,
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('fan-out', () => {
  it('delivers to a small audience at once', () => {
    const log: string[] = [];
    const fanOut = createFanOut(4);
    fanOut.send('a', 1, new Set([recorder(log, 'x'), recorder(log, 'y')]));
    expect(log).toEqual(['x:a', 'y:a']);
  });

  it('slices a large audience across macrotasks and keeps every client in order', async () => {
    const log: string[] = [];
    const fanOut = createFanOut(4);
    const clients = new Set(Array.from({ length: 10 }, (_, i) => recorder(log, `c${i}`)));
    fanOut.send('a', 1, clients);
    fanOut.send('b', 2, clients);
    expect(log).toEqual([]);
    await tick();
    expect(log).toHaveLength(4);
    for (let i = 0; i < 10; i++) await tick();
    expect(log).toHaveLength(20);
    for (let i = 0; i < 10; i++) {
      const mine = log.filter((l) => l.startsWith(`c${i}:`));
      expect(mine).toEqual([`c${i}:a`, `c${i}:b`]);
    }
  });

  it('fixes the audience when a frame is sent: later clients do not get it', async () => {
    const log: string[] = [];
    const fanOut = createFanOut(1);
    const clients = new Set([recorder(log, 'x'), recorder(log, 'y')]);
    fanOut.send('a', 1, clients);
    clients.add(recorder(log, 'late'));
    for (let i = 0; i < 5; i++) await tick();
    expect(log).toEqual(['x:a', 'y:a']);
  });
});
