import { useSignal, useSignalEffect } from '@preact/signals';
import { useDashboard } from '../dashboard.ts';
import { baseName, formatBytes, formatDuration, formatTime } from '../format.ts';
import { jobHref } from '../router.ts';
import type { HistoryPage, JobView } from '../types.ts';
import { Confirm } from './confirm.tsx';

const PAGE = 50;
const AGES: Array<{ label: string; days: number }> = [
  { label: 'older than 1 day', days: 1 },
  { label: 'older than 7 days', days: 7 },
  { label: 'older than 30 days', days: 30 },
];

function HistoryRow(props: { job: JobView; onRetry(job: JobView): void }) {
  const { job } = props;
  const name = baseName(job.source.path);
  return (
    <li class={`history-row status-${job.status}`} data-testid="history-row" data-job-id={job.id}>
      <a class="job-name" href={jobHref(job.id)} title={job.source.path}>
        {name}
      </a>
      <span class={`badge badge-${job.status}`} data-testid="job-status">
        {job.status}
      </span>
      <span class="muted">{job.profile}</span>
      <span class="muted">{formatTime(job.finishedAt ?? job.updatedAt)}</span>
      <span class="muted">
        {job.result
          ? `${formatBytes(job.result.outputBytes)} in ${formatDuration(job.result.encodeSeconds)}`
          : (job.error?.message ?? '')}
      </span>
      {job.status !== 'completed' ? (
        <button type="button" data-testid="btn-retry" onClick={() => props.onRetry(job)}>
          Retry
        </button>
      ) : (
        <span />
      )}
    </li>
  );
}

/** Finished jobs, newest first, filtered and searched by the server; bulk retry and clean-up; a failures wall. */
export function HistoryView() {
  const { api, live, act } = useDashboard();
  const status = useSignal('');
  const q = useSignal('');
  const items = useSignal<JobView[]>([]);
  const cursor = useSignal<string | null>(null);
  const loading = useSignal(false);
  const wall = useSignal(false);
  const removing = useSignal(false);
  const age = useSignal(7);

  const query = (after: string | null) => {
    const params = new URLSearchParams({ limit: String(PAGE) });
    const filter = wall.value ? 'failed' : status.value;
    if (filter) params.set('status', filter);
    if (q.value.trim()) params.set('q', q.value.trim());
    if (after) params.set('cursor', after);
    return `/history?${params}`;
  };

  const load = async (more: boolean) => {
    loading.value = true;
    try {
      const page = await api.call<HistoryPage>('GET', query(more ? cursor.value : null));
      items.value = more ? [...items.value, ...page.items] : page.items;
      cursor.value = page.nextCursor;
    } catch (error) {
      items.value = more ? items.value : [];
      void act('Loading history', () => Promise.reject(error));
    } finally {
      loading.value = false;
    }
  };

  // Reload on a filter change and whenever a job finishes (revision), debounced for typing.
  useSignalEffect(() => {
    void status.value;
    void wall.value;
    void live.revision.value;
    const text = q.value;
    const timer = setTimeout(() => void load(false), text ? 250 : 0);
    return () => clearTimeout(timer);
  });

  const retry = (job: JobView) =>
    act(`Retrying ${baseName(job.source.path)}`, () =>
      api.call('POST', `/jobs/${encodeURIComponent(job.id)}/retry`, {}),
    );

  if (wall.value) {
    return (
      <section class="view wall" aria-labelledby="wall-title" data-testid="failures-wall">
        <div class="toolbar">
          <h2 id="wall-title">Failures ({items.value.length})</h2>
          <button type="button" data-testid="btn-wall-off" onClick={() => (wall.value = false)}>
            Back to history
          </button>
        </div>
        {items.value.length === 0 ? (
          <p class="wall-ok">No failed jobs</p>
        ) : (
          <ul class="wall-list">
            {items.value.map((job) => (
              <li key={job.id} data-testid="wall-item">
                <span class="wall-name">{baseName(job.source.path)}</span>
                <span class="wall-error">{job.error?.message ?? 'failed'}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    );
  }

  return (
    <section class="view" aria-labelledby="history-title">
      <div class="toolbar">
        <h2 id="history-title">History</h2>
        <label class="inline">
          Search
          <input
            type="search"
            data-testid="history-search"
            placeholder="part of a file name"
            value={q.value}
            onInput={(e) => (q.value = (e.target as HTMLInputElement).value)}
          />
        </label>
        <label class="inline">
          Status
          <select
            data-testid="history-status-filter"
            value={status.value}
            onChange={(e) => (status.value = (e.target as HTMLSelectElement).value)}
          >
            <option value="">all</option>
            <option value="completed">completed</option>
            <option value="failed">failed</option>
            <option value="cancelled">cancelled</option>
          </select>
        </label>
        <button
          type="button"
          data-testid="btn-retry-all-failed"
          onClick={() =>
            act('Retried every failed job', () => api.call('POST', '/history/retry?status=failed', {}))
          }
        >
          Retry all failed
        </button>
        <button type="button" data-testid="btn-remove-old" onClick={() => (removing.value = true)}>
          Remove old…
        </button>
        <button type="button" data-testid="btn-wall" onClick={() => (wall.value = true)}>
          Failures wall
        </button>
      </div>
      <ul class="history" aria-label="Finished jobs" aria-busy={loading.value}>
        {items.value.map((job) => (
          <HistoryRow key={job.id} job={job} onRetry={retry} />
        ))}
      </ul>
      {items.value.length === 0 && !loading.value && <p class="empty">No finished job matches.</p>}
      {cursor.value && (
        <button
          type="button"
          data-testid="btn-history-more"
          disabled={loading.value}
          onClick={() => load(true)}
        >
          Load more
        </button>
      )}
      {removing.value && (
        <Confirm
          title="Remove finished jobs from history?"
          confirmLabel="Remove"
          onClose={() => (removing.value = false)}
          onConfirm={() => {
            const before = Date.now() - age.value * 86_400_000;
            void act('Removed old history', () => api.call('DELETE', `/history?before=${before}`)).then(() =>
              load(false),
            );
          }}
        >
          <label class="inline">
            Remove jobs
            <select
              data-testid="remove-age"
              value={String(age.value)}
              onChange={(e) => (age.value = Number((e.target as HTMLSelectElement).value))}
            >
              {AGES.map((a) => (
                <option key={a.days} value={String(a.days)}>
                  {a.label}
                </option>
              ))}
            </select>
          </label>
          <p>Only the records go; no file is touched. Active jobs are never removed.</p>
        </Confirm>
      )}
    </section>
  );
}
