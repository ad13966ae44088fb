/**
 * Whether a progress report crosses a timeline milestone (every `step` percent, 10 by default). Live progress is
 * persisted cheaply without an event; the timeline only gets these few entries, so it stays readable and small.
 *
 * @example
 * progressMilestone(null, 4); // false
 * progressMilestone(8, 12.5); // true: crossed 10 %
 * progressMilestone(12.5, 19); // false
 * progressMilestone(95, 100); // true
 */
export function progressMilestone(prevPercent: number | null, percent: number, step = 10): boolean {
  const bucket = (value: number): number => Math.floor(Math.min(100, Math.max(0, value)) / step);
  if (!Number.isFinite(percent)) return false;
  return bucket(percent) > bucket(prevPercent !== null && Number.isFinite(prevPercent) ? prevPercent : 0);
}
