/**
 * Waits for `promise`, but stops waiting — rejecting with the signal's reason — as soon as `signal` aborts. For waits
 * that cannot themselves be stopped (a shared prefetch, a watcher closing over a hung network mount): the work goes
 * on for nobody, the caller moves on.
 *
 * @example
 * await untilAborted(watcher.close(), stop.signal).catch(() => {}); // a stuck close no longer holds the stop
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    // Rejected later, unobserved, it must not become an unhandled rejection.
    if (signal.aborted) {
      promise.catch(() => {});
      return onAbort();
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
