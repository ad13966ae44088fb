import { describe, expect, it } from 'vitest';
import { untilAborted } from '../src/until-aborted.ts';

/** A wait that never ends by itself, as a watcher closing over a hung network mount. */
const stuck = () => new Promise<never>(() => {});

describe('untilAborted', () => {
  it('stops waiting for a stuck promise when the signal aborts, with the signal reason', async () => {
    const controller = new AbortController();
    const waiting = untilAborted(stuck(), controller.signal);
    controller.abort(new Error('stop now'));
    await expect(waiting).rejects.toThrow('stop now');
  });

  it('does not wait at all with a signal already aborted', async () => {
    await expect(untilAborted(stuck(), AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });

  it('passes on the value or the error of a promise that settles first', async () => {
    const signal = new AbortController().signal;
    await expect(untilAborted(Promise.resolve(7), signal)).resolves.toBe(7);
    await expect(untilAborted(Promise.reject(new Error('failed')), signal)).rejects.toThrow('failed');
  });

  it('is the promise itself without a signal', () => {
    const promise = Promise.resolve(1);
    expect(untilAborted(promise, undefined)).toBe(promise);
  });

  it('leaves no unhandled rejection when the abandoned promise fails later', async () => {
    let fail: (error: Error) => void = () => {};
    const late = new Promise<never>((_, reject) => {
      fail = reject;
    });
    await expect(untilAborted(late, AbortSignal.abort())).rejects.toBeDefined();
    fail(new Error('late'));
    // Vitest fails the run on an unhandled rejection; a turn of the loop lets one surface.
    await new Promise((r) => setTimeout(r, 0));
  });
});
