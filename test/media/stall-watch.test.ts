import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStallWatch } from '../../src/media/stall-watch.ts';

let clock = 0;
beforeEach(() => {
  vi.useFakeTimers();
  clock = 0;
});
afterEach(() => vi.useRealTimers());

/** Advances fake timers and the watch's clock together, as a healthy event loop would. */
function pass(ms: number, step = 100): void {
  for (let t = 0; t < ms; t += step) {
    clock += step;
    vi.advanceTimersByTime(step);
  }
}

describe('stall watch', () => {
  it('reports a stall once the window passes with no progress, and not before', () => {
    let stalled = 0;
    createStallWatch({ stallMs: 1000, tickMs: 100, now: () => clock, onStall: () => stalled++ });
    pass(900);
    expect(stalled).toBe(0);
    pass(200);
    expect(stalled).toBe(1);
    pass(5000);
    expect(stalled).toBe(1);
  });

  it('progress starts the count again', () => {
    let stalled = 0;
    const watch = createStallWatch({
      stallMs: 1000,
      tickMs: 100,
      now: () => clock,
      onStall: () => stalled++,
    });
    for (let i = 0; i < 10; i++) {
      pass(800);
      watch.progressed();
    }
    expect(stalled).toBe(0);
  });

  it('a frozen event loop counts as at most two ticks, however long it lasted', () => {
    let stalled = 0;
    createStallWatch({ stallMs: 1000, tickMs: 100, now: () => clock, onStall: () => stalled++ });
    pass(500);
    // 15 s pass on the clock while no timer could run; then one late tick.
    clock += 15_000;
    vi.advanceTimersByTime(100);
    expect(stalled).toBe(0);
  });

  it('does not count while paused', () => {
    let stalled = 0;
    const watch = createStallWatch({
      stallMs: 1000,
      tickMs: 100,
      now: () => clock,
      onStall: () => stalled++,
    });
    watch.pause();
    pass(5000);
    expect(stalled).toBe(0);
    watch.resume();
    pass(1100);
    expect(stalled).toBe(1);
  });
});
