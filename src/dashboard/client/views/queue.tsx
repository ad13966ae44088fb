import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { useDashboard } from '../dashboard.ts';
import { baseName } from '../format.ts';
import type { QueueJob } from '../types.ts';
import { Confirm } from './confirm.tsx';
import { JobRow } from './job-row.tsx';

/** Row height in px (kept in step with .job-row in styles.css): rows are placed by index, never measured. */
export const ROW_HEIGHT = 64;
const OVERSCAN = 6;

/** Jobs in dispatch order. Only the rows in view exist in the DOM, so 10,000 queued jobs scroll like 10. */
export function QueueView() {
  const { api, live, act } = useDashboard();
  const scroller = useRef<HTMLElement>(null);
  const scrollTop = useSignal(0);
  const height = useSignal(600);
  const cancelling = useSignal<QueueJob | null>(null);
  const clearing = useSignal(false);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      height.value = el.clientHeight;
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const order = live.order.value;
  const total = order.length;
  const first = Math.max(0, Math.floor(scrollTop.value / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(total, Math.ceil((scrollTop.value + height.value) / ROW_HEIGHT) + OVERSCAN);
  const rows = [];
  for (let i = first; i < last; i++) {
    const id = order[i]!;
    const job = live.jobs.get(id);
    if (!job) continue;
    rows.push(
      <JobRow
        key={id}
        job={job}
        position={i}
        total={total}
        top={i * ROW_HEIGHT}
        prev={order[i - 1] ?? null}
        next={order[i + 1] ?? null}
        onCancel={(j) => (cancelling.value = j)}
      />,
    );
  }

  // Counted from the rows shown, so the confirmation names as many jobs as the list holds (a /status refetch lags).
  const pending = live.pending.value;
  return (
    <section class="view queue-view" aria-labelledby="queue-title">
      <div class="toolbar">
        <h2 id="queue-title">
          Queue <span class="sub">{total} active</span>
        </h2>
        <label class="inline">
          Concurrency
          <input
            type="number"
            min={1}
            max={16}
            data-testid="concurrency-input"
            value={live.concurrency.value}
            onChange={(e) => {
              const value = Number((e.target as HTMLInputElement).value);
              if (Number.isInteger(value) && value >= 1 && value <= 16) {
                void act(`Concurrency set to ${value}`, () =>
                  api.call('PUT', '/queue/concurrency', { value }),
                );
              }
            }}
          />
        </label>
        <button
          type="button"
          class="danger"
          data-testid="btn-clear-pending"
          disabled={pending === 0}
          onClick={() => (clearing.value = true)}
        >
          Clear pending…
        </button>
      </div>
      <section
        class="scroller"
        ref={scroller}
        aria-label="Queued jobs, in dispatch order"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling list must be reachable by keyboard to scroll it
        tabIndex={0}
        data-testid="queue-scroller"
        onScroll={(e) => {
          scrollTop.value = (e.target as HTMLElement).scrollTop;
        }}
      >
        {total === 0 ? (
          <p class="empty" data-testid="queue-empty">
            Nothing queued. Drop files into a watch folder, or submit one through the API.
          </p>
        ) : (
          <ul class="rows" aria-label="Queued jobs" style={{ height: `${total * ROW_HEIGHT}px` }}>
            {rows}
          </ul>
        )}
      </section>
      {cancelling.value && (
        <Confirm
          title={`Cancel ${baseName(cancelling.value.path)}?`}
          confirmLabel="Cancel job"
          onClose={() => (cancelling.value = null)}
          onConfirm={() => {
            const job = cancelling.value!;
            void act(`Cancelled ${baseName(job.path)}`, () =>
              api.call('POST', `/jobs/${encodeURIComponent(job.id)}/cancel`, {}),
            );
          }}
        >
          <p>
            ffmpeg is stopped and its temp file removed. The source is kept. It can be retried from History.
          </p>
        </Confirm>
      )}
      {clearing.value && (
        <Confirm
          title={`Cancel all ${pending} pending jobs?`}
          confirmLabel="Clear pending"
          onClose={() => (clearing.value = false)}
          onConfirm={() => void act('Cleared pending jobs', () => api.call('POST', '/queue/clear', {}))}
        >
          <p>Running and paused jobs go on. The cancelled jobs stay in History.</p>
        </Confirm>
      )}
    </section>
  );
}
