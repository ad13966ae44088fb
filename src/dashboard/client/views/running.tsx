import type { Signal } from '@preact/signals';
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useDashboard } from '../dashboard.ts';
import { baseName } from '../format.ts';
import { jobHref } from '../router.ts';
import type { QueueJob } from '../types.ts';
import { Poster } from './poster.tsx';
import { Progress } from './progress.tsx';

const TAIL_LINES = 12;
const TAIL_EVERY_MS = 2000;

/** The last lines of ffmpeg's stderr, refreshed while the tile is on screen; absent on servers without the log API. */
function LogTail(props: { id: string; running: boolean }) {
  const { api } = useDashboard();
  const lines = useSignal<string[] | null>(null);
  const unavailable = useSignal(false);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const load = async () => {
      try {
        const log = await api.call<{ lines: string[]; running: boolean }>(
          'GET',
          `/jobs/${encodeURIComponent(props.id)}/log?lines=${TAIL_LINES}`,
        );
        if (stopped) return;
        lines.value = log.lines;
        if (log.running) timer = setTimeout(load, TAIL_EVERY_MS);
      } catch (error) {
        if (stopped) return;
        const status = (error as { status?: number }).status;
        if (status === 404 || status === 501) unavailable.value = true;
        else timer = setTimeout(load, TAIL_EVERY_MS * 2);
      }
    };
    void load();
    return () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
    };
  }, [props.id, props.running]);
  if (unavailable.value) return <p class="muted">No live log from this server.</p>;
  return (
    <pre class="log-tail" data-testid="log-tail" title="ffmpeg output, last lines">
      {(lines.value ?? []).join('\n') || 'waiting for ffmpeg output…'}
    </pre>
  );
}

function Tile(props: { job: Signal<QueueJob> }) {
  const { api, act } = useDashboard();
  const job = props.job.value;
  const name = baseName(job.path);
  const paused = job.status === 'paused';
  const path = `/jobs/${encodeURIComponent(job.id)}/${paused ? 'resume' : 'pause'}`;
  return (
    <article
      class={`tile status-${job.status}`}
      data-testid="running-tile"
      data-job-id={job.id}
      aria-label={name}
    >
      <header class="tile-head">
        <Poster id={job.id} status={job.status} />
        <div>
          <a class="job-name" href={jobHref(job.id)} title={job.path}>
            {name}
          </a>
          <span class="job-meta">
            {job.profile} · <span class={`badge badge-${job.status}`}>{job.status}</span>
          </span>
        </div>
        <button
          type="button"
          data-testid={paused ? 'btn-resume-job' : 'btn-pause-job'}
          onClick={() => act(`${paused ? 'Resumed' : 'Paused'} ${name}`, () => api.call('POST', path, {}))}
        >
          {paused ? 'Resume' : 'Pause'}
        </button>
      </header>
      <Progress job={job} label={name} />
      <LogTail id={job.id} running={job.status === 'running'} />
    </article>
  );
}

/** Jobs whose encode has started, as tiles with the live ffmpeg output, like a worker view. */
export function RunningView() {
  const { live } = useDashboard();
  const ids = live.running.value.map((j) => j.id);
  return (
    <section class="view" aria-labelledby="running-title">
      <h2 id="running-title">Running</h2>
      {ids.length === 0 ? (
        <p class="empty">No encode is running.</p>
      ) : (
        <div class="tiles">
          {ids.map((id) => {
            const job = live.jobs.get(id);
            return job ? <Tile key={id} job={job} /> : null;
          })}
        </div>
      )}
    </section>
  );
}
