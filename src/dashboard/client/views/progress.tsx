import { formatDuration, formatNumber } from '../format.ts';
import type { JobView } from '../types.ts';

/** Percent bar with fps, speed and ETA beside it; the bar is a native progress element for screen readers. */
export function Progress(props: { job: Pick<JobView, 'progress' | 'status' | 'phase'>; label: string }) {
  const p = props.job.progress;
  const percent = p ? Math.max(0, Math.min(100, p.percent)) : 0;
  const active = props.job.status === 'running' || props.job.status === 'paused';
  return (
    <div class="progress" data-testid="job-progress">
      <progress max={100} value={percent} aria-label={`${props.label} progress`} />
      <span class="progress-text">
        {active || p ? `${percent.toFixed(0)}%` : ''}
        {p && active && (
          <>
            {' '}
            · {formatNumber(p.fps, 0)} fps · {formatNumber(p.speed, 2)}× · ETA {formatDuration(p.etaSeconds)}
          </>
        )}
        {props.job.phase && props.job.phase !== 'encoding' && active && <> · {props.job.phase}</>}
      </span>
    </div>
  );
}
