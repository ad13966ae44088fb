import type { Signal } from '@preact/signals';
import { useDashboard } from '../dashboard.ts';
import { baseName } from '../format.ts';
import { jobHref } from '../router.ts';
import type { QueueJob } from '../types.ts';
import { Poster } from './poster.tsx';
import { Progress } from './progress.tsx';

export interface RowProps {
  job: Signal<QueueJob>;
  position: number;
  total: number;
  top: number;
  /** The neighbours in dispatch order, for move up/down. */
  prev: string | null;
  next: string | null;
  onCancel(job: QueueJob): void;
}

/** One queued job. Reads its own signal, so its progress re-renders this row only. */
export function JobRow(props: RowProps) {
  const { api, act } = useDashboard();
  const job = props.job.value;
  const name = baseName(job.path);
  const id = encodeURIComponent(job.id);
  const post = (path: string, label: string, body: unknown = {}) =>
    act(label, () => api.call('POST', `/jobs/${id}${path}`, body));
  const pausable = job.status === 'running' || job.status === 'pending';
  return (
    <li
      class={`job-row status-${job.status}`}
      data-testid="job-row"
      data-job-id={job.id}
      data-status={job.status}
      aria-setsize={props.total}
      aria-posinset={props.position + 1}
      style={{ transform: `translateY(${props.top}px)` }}
    >
      <span class="pos" aria-hidden="true">
        {props.position + 1}
      </span>
      <Poster id={job.id} status={job.status} />
      <div class="job-main">
        <a class="job-name" href={jobHref(job.id)} data-testid="job-name" title={job.path}>
          {name}
        </a>
        <span class="job-meta">
          <span data-testid="job-profile">{job.profile}</span> · priority{' '}
          <span data-testid="job-priority">{job.priority}</span>
          {job.attempts > 1 && <> · attempt {job.attempts}</>}
        </span>
      </div>
      <span class={`badge badge-${job.status}`} data-testid="job-status">
        {job.status}
      </span>
      <Progress job={job} label={name} />
      <div class="row-actions">
        {job.status === 'paused' ? (
          <button
            type="button"
            data-testid="btn-resume-job"
            onClick={() => post('/resume', `Resumed ${name}`)}
          >
            Resume
          </button>
        ) : (
          <button
            type="button"
            data-testid="btn-pause-job"
            disabled={!pausable}
            onClick={() => post('/pause', `Paused ${name}`)}
          >
            Pause
          </button>
        )}
        <button
          type="button"
          class="icon"
          data-testid="btn-move-top"
          aria-label={`Move ${name} to the top`}
          title="Move to top"
          onClick={() => post('/move', `Moved ${name} to the top`, { to: 'top' })}
        >
          ⤒
        </button>
        <button
          type="button"
          class="icon"
          data-testid="btn-move-up"
          aria-label={`Move ${name} up`}
          title="Move up"
          disabled={props.prev === null}
          onClick={() => post('/move', `Moved ${name} up`, { to: 'before', job: props.prev })}
        >
          ↑
        </button>
        <button
          type="button"
          class="icon"
          data-testid="btn-move-down"
          aria-label={`Move ${name} down`}
          title="Move down"
          disabled={props.next === null}
          onClick={() => post('/move', `Moved ${name} down`, { to: 'after', job: props.next })}
        >
          ↓
        </button>
        <button type="button" class="danger" data-testid="btn-cancel" onClick={() => props.onCancel(job)}>
          Cancel
        </button>
      </div>
    </li>
  );
}
