import { useSignal, useSignalEffect } from '@preact/signals';
import { useDashboard } from '../dashboard.ts';
import { baseName, formatBytes, formatDuration, formatNumber, formatTime, shellLine } from '../format.ts';
import type { JobDetailView } from '../types.ts';
import { Loudness } from './loudness.tsx';
import { MediaInfo } from './media-info.tsx';
import { Poster } from './poster.tsx';
import { Progress } from './progress.tsx';
import { VerifyChecks } from './verify-checks.tsx';

function Field(props: { label: string; value: string | number | null | undefined; testid?: string }) {
  return (
    <>
      <dt>{props.label}</dt>
      <dd data-testid={props.testid}>
        {props.value === null || props.value === undefined ? '—' : String(props.value)}
      </dd>
    </>
  );
}

/** A failure's checks and source media have their own panels. */
const SHOWN_ELSEWHERE = new Set(['checks', 'sourceMedia']);

/** Timeline entries without the progress milestones' noise: data shown as compact text. */
function describe(data: unknown): string {
  if (data === null || data === undefined) return '';
  if (typeof data !== 'object') return String(data);
  return Object.entries(data as Record<string, unknown>)
    .filter(([k]) => !SHOWN_ELSEWHERE.has(k))
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

/** Everything about one job, refetched whenever its live copy changes status (or a snapshot arrives). */
export function JobDetail(props: { id: string }) {
  const { api, live, act } = useDashboard();
  const job = useSignal<JobDetailView | null>(null);
  const error = useSignal<string | null>(null);

  useSignalEffect(() => {
    void live.revision.value;
    void live.jobs.get(props.id)?.value.status;
    let stale = false;
    api.call<JobDetailView>('GET', `/jobs/${encodeURIComponent(props.id)}`).then(
      (detail) => {
        if (!stale) {
          job.value = detail;
          error.value = null;
        }
      },
      (e: Error) => {
        if (!stale) error.value = e.message;
      },
    );
    return () => {
      stale = true;
    };
  });

  if (error.value && !job.value) {
    return (
      <section class="view">
        <h2>Job</h2>
        <p class="bad-text">{error.value}</p>
      </section>
    );
  }
  const fetched = job.value;
  if (!fetched) return <p class="muted">Loading…</p>;
  // Status and progress from the stream are newer than the fetched copy.
  const row = live.jobs.get(props.id)?.value;
  const d: JobDetailView = row
    ? {
        ...fetched,
        status: row.status,
        phase: row.phase,
        progress: row.progress,
        priority: row.priority,
        attempts: row.attempts,
      }
    : fetched;
  const name = baseName(d.source.path);
  const id = encodeURIComponent(d.id);
  const args = d.ffmpegArgs ?? d.result?.ffmpegArgs ?? null;
  const active = d.status === 'pending' || d.status === 'running' || d.status === 'paused';
  return (
    <section class="view detail" aria-labelledby="detail-title" data-testid="job-detail">
      <div class="toolbar">
        <a href={active ? '#/queue' : '#/history'} data-testid="detail-back">
          ← {active ? 'Queue' : 'History'}
        </a>
        <Poster id={d.id} status={d.status} />
        <h2 id="detail-title" data-testid="detail-name">
          {name}
        </h2>
        <span class={`badge badge-${d.status}`} data-testid="job-status">
          {d.status}
        </span>
        {active && (
          <button
            type="button"
            class="danger"
            data-testid="btn-cancel"
            onClick={() => act(`Cancelled ${name}`, () => api.call('POST', `/jobs/${id}/cancel`, {}))}
          >
            Cancel
          </button>
        )}
        {(d.status === 'failed' || d.status === 'cancelled') && (
          <button
            type="button"
            data-testid="btn-retry"
            onClick={() => act(`Retrying ${name}`, () => api.call('POST', `/jobs/${id}/retry`, {}))}
          >
            Retry
          </button>
        )}
      </div>
      {active && <Progress job={d} label={name} />}
      {d.error && (
        <div class="panel" data-testid="job-error">
          <h3 class="bad-text">
            {d.error.code}: {d.error.message}
          </h3>
          {d.error.stderrTail.length > 0 && <pre class="block">{d.error.stderrTail.join('\n')}</pre>}
        </div>
      )}
      <div class="grid-2">
        <div class="panel">
          <h3>Job</h3>
          <dl class="fields">
            <Field label="id" value={d.id} />
            <Field label="source" value={d.source.path} testid="detail-source" />
            <Field label="source size" value={formatBytes(d.source.size)} />
            <Field label="output" value={d.result?.outputPath ?? d.outputPath} />
            <Field label="output size" value={formatBytes(d.result?.outputBytes)} />
            <Field label="duration" value={formatDuration(d.result?.durationSeconds)} />
            <Field label="encode time" value={formatDuration(d.result?.encodeSeconds)} />
            <Field
              label="realtime factor"
              value={
                d.result?.durationSeconds && d.result.encodeSeconds
                  ? `${formatNumber(d.result.durationSeconds / d.result.encodeSeconds, 2)}×`
                  : null
              }
            />
            <Field label="profile" value={d.profile} />
            <Field label="priority" value={d.priority} />
            <Field label="attempts" value={d.attempts} />
            <Field label="phase" value={d.phase} />
            <Field label="origin" value={d.origin} />
            <Field
              label="source action"
              value={
                d.sourceAction.kind === 'move' ? `move to ${d.sourceAction.folder}` : d.sourceAction.kind
              }
            />
            <Field label="collision" value={d.collision} />
            <Field label="overrides" value={describe(d.overrides) || 'none'} />
            <Field label="created" value={formatTime(d.createdAt)} />
            <Field label="started" value={formatTime(d.startedAt)} />
            <Field label="finished" value={formatTime(d.finishedAt)} />
          </dl>
        </div>
        <VerifyChecks job={d} />
      </div>
      <MediaInfo media={d.sourceMedia} />
      <Loudness job={d} />
      <div class="panel">
        <h3>ffmpeg arguments</h3>
        {args ? (
          <pre class="block" data-testid="ffmpeg-args">
            ffmpeg {shellLine(args)}
          </pre>
        ) : (
          <p class="muted">Not run yet.</p>
        )}
      </div>
      <div class="panel">
        <h3>Timeline</h3>
        <table class="data" data-testid="timeline">
          <thead>
            <tr>
              <th scope="col">time</th>
              <th scope="col">event</th>
              <th scope="col">details</th>
            </tr>
          </thead>
          <tbody>
            {d.timeline.map((t, i) => (
              <tr key={i}>
                <td>{formatTime(t.at)}</td>
                <td>{t.type}</td>
                <td>{describe(t.data)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
