/**
 * Decides when an encoder has stalled, counting only time in which we could have heard from it. A plain timer would
 * fire right after the event loop was blocked (a long synchronous task, a suspended laptop, a debugger) although the
 * encoder kept working and its progress reports sit unread in the pipe: timers run before pending I/O is read. So
 * time is counted in ticks, and a late tick counts for at most two ticks — a frozen loop cannot make a healthy
 * encode look stalled, while a truly silent encoder is still caught after about `stallMs` of awake time.
 */
export interface StallWatch {
  /** The encoder made progress (its output time advanced): the count starts again. */
  progressed(): void;
  /** Stops counting (the encoder is suspended on purpose). */
  pause(): void;
  /** Counts again from zero. */
  resume(): void;
  /** Stops for good. */
  stop(): void;
}

export interface StallWatchOptions {
  stallMs: number;
  onStall: () => void;
  /** Tick length; also the granularity of detection. Default: a tenth of the window, between 50 ms and 1 s. */
  tickMs?: number;
  now?: () => number;
}

export function createStallWatch(options: StallWatchOptions): StallWatch {
  const now = options.now ?? (() => performance.now());
  const tickMs = options.tickMs ?? Math.min(1000, Math.max(50, options.stallMs / 10));
  let counted = 0;
  let lastTick = now();
  let timer: ReturnType<typeof setInterval> | undefined;
  let done = false;

  const tick = () => {
    const at = now();
    counted += Math.min(at - lastTick, tickMs * 2);
    lastTick = at;
    if (counted >= options.stallMs) {
      stop();
      options.onStall();
    }
  };
  const start = () => {
    if (done || timer !== undefined) return;
    counted = 0;
    lastTick = now();
    timer = setInterval(tick, tickMs);
  };
  const pause = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };
  const stop = () => {
    done = true;
    pause();
  };
  start();
  return {
    progressed: () => {
      counted = 0;
    },
    pause,
    resume: start,
    stop,
  };
}
