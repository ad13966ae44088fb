import type { JobProgress } from '../../machines/types.ts';

/** "01:02:03" / "02:03" for a number of seconds; "--:--" when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${String(m).padStart(2, '0')}:${rest}`;
}

function stats(p: JobProgress): string {
  const fps = p.fps === null ? '-' : p.fps.toFixed(1);
  const speed = p.speed === null ? '-' : `${p.speed.toFixed(2)}x`;
  return `fps ${fps}  speed ${speed}  eta ${formatDuration(p.etaSeconds)}`;
}

/** One plain line, for logs and pipes: no cursor tricks. */
export function formatProgressLine(label: string, p: JobProgress): string {
  return `${label} ${p.percent.toFixed(1).padStart(5)}%  ${stats(p)}`;
}

/** A bar for terminals; the caller rewrites the line with \r. */
export function formatProgressBar(label: string, p: JobProgress, width = 30): string {
  const filled = Math.max(0, Math.min(width, Math.round((p.percent / 100) * width)));
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.percent.toFixed(1).padStart(5)}%  ${stats(p)}`;
}

/**
 * Progress reporter: a redrawn bar on a TTY, otherwise a plain line at most every `lineEverySeconds` (so logs of a
 * long encode stay readable).
 */
export function createProgressReporter(
  out: { write(text: string): unknown; isTTY?: boolean },
  label: string,
  lineEverySeconds = 5,
  now: () => number = Date.now,
): { update(p: JobProgress): void; done(): void } {
  let lastLine = 0;
  let drew = false;
  return {
    update(p) {
      if (out.isTTY) {
        out.write(`\r${formatProgressBar(label, p)}\u001b[K`);
        drew = true;
        return;
      }
      const t = now();
      if (t - lastLine >= lineEverySeconds * 1000 || p.percent >= 100) {
        lastLine = t;
        out.write(`${formatProgressLine(label, p)}\n`);
      }
    },
    done() {
      if (drew) out.write('\n');
      drew = false;
    },
  };
}
