export interface Throttle<T> {
  /** Offers a value; delivered now if the interval has passed, otherwise kept as the pending latest. */
  push(value: T): void;
  /** Delivers the pending value at once (a final state must never be lost to throttling). */
  flush(): void;
  /** Drops the pending value and its timer. */
  cancel(): void;
}

/**
 * Leading and trailing throttle: at most one delivery per `intervalMs`, and the latest value always arrives (a
 * trailing timer delivers it), so a dashboard never shows a stale number after a burst.
 */
export function createThrottle<T>(
  intervalMs: number,
  deliver: (value: T) => void,
  now: () => number = () => performance.now(),
): Throttle<T> {
  let last = Number.NEGATIVE_INFINITY;
  let pending: { value: T } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const fire = () => {
    timer = undefined;
    if (pending === null) return;
    const { value } = pending;
    pending = null;
    last = now();
    deliver(value);
  };

  return {
    push(value) {
      pending = { value };
      const wait = last + intervalMs - now();
      if (wait <= 0) {
        if (timer !== undefined) clearTimeout(timer);
        fire();
      } else if (timer === undefined) {
        timer = setTimeout(fire, wait);
      }
    },
    flush() {
      if (timer !== undefined) clearTimeout(timer);
      fire();
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      pending = null;
    },
  };
}
