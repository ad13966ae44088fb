import type { Channel } from './client-channel.ts';

/** Sends per macrotask: about a millisecond of socket writes, so timers and I/O get a turn in between. */
export const FANOUT_SLICE = 64;

export interface FanOut {
  /** Hands an event frame to every channel in `targets`, in order after every earlier frame. */
  send(text: string, seq: number, targets: ReadonlySet<Channel>): void;
  clear(): void;
}

const defer: (fn: () => void) => void =
  (globalThis as { setImmediate?: (fn: () => void) => void }).setImmediate ?? ((fn) => setTimeout(fn, 0));

/**
 * Writes one frame to many sockets without holding the event loop: up to FANOUT_SLICE channels inline, larger
 * audiences in slices across macrotasks. Targets are fixed when the frame is sent, so a client that connects later
 * never gets a frame its snapshot already covers; frames keep their order for every client.
 */
export function createFanOut(slice = FANOUT_SLICE): FanOut {
  const backlog: { text: string; seq: number; targets: Channel[]; next: number }[] = [];
  let draining = false;

  function drain(): void {
    let budget = slice;
    while (backlog.length > 0 && budget > 0) {
      const item = backlog[0];
      while (item.next < item.targets.length && budget > 0) {
        item.targets[item.next++].deliver(item.text, item.seq);
        budget--;
      }
      if (item.next === item.targets.length) backlog.shift();
    }
    draining = backlog.length > 0;
    if (draining) defer(drain);
  }

  return {
    send(text, seq, targets) {
      if (backlog.length === 0 && targets.size <= slice) {
        for (const channel of targets) channel.deliver(text, seq);
        return;
      }
      backlog.push({ text, seq, targets: [...targets], next: 0 });
      if (!draining) {
        draining = true;
        defer(drain);
      }
    },
    clear() {
      backlog.length = 0;
    },
  };
}
