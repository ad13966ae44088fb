import { useComputed, useSignal, useSignalEffect } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { useDashboard } from '../dashboard.ts';
import { baseName } from '../format.ts';
import type { JobView } from '../types.ts';
import { MachineChart } from './inspector-chart.tsx';
import { InspectorEvents } from './inspector-events.tsx';
import { activeStateIds, type MachineInfo, toChartModel, valueText } from './inspector-graph.ts';
import { createChartLayout, type LaidOutChart, type MeasureText } from './inspector-layout.ts';
import { createInspectStream } from './inspector-stream.ts';
import './inspector.css';

type Tab = 'job' | 'queue' | 'intake';
const TABS: { tab: Tab; label: string }[] = [
  { tab: 'job', label: 'Job' },
  { tab: 'queue', label: 'Queue' },
  { tab: 'intake', label: 'Intake' },
];

/** Text widths in the chart's own font (the SVG inherits the page's), so boxes and labels fit their text. */
function createMeasure(): MeasureText {
  const context = document.createElement('canvas').getContext('2d');
  const family = getComputedStyle(document.body).fontFamily || 'sans-serif';
  return (text, bold = false) => {
    if (!context) return text.length * 7;
    context.font = `${bold ? '600 ' : ''}12px ${family}`;
    return context.measureText(text).width;
  };
}

/** A state id and its ancestors: `job.active.running` → job, job.active, job.active.running. */
function withAncestors(id: string): Set<string> {
  const parts = id.split('.');
  return new Set(parts.map((_, i) => parts.slice(0, i + 1).join('.')));
}

/** A job the picker offers: enough to name it and to place a finished one on the chart. */
interface JobChoice {
  id: string;
  status: JobView['status'];
  path: string;
}

/** Queued jobs the picker offers at most: a queue of 10,000 must not make a select of 10,000 live options. */
const MAX_QUEUED_CHOICES = 200;

/** The jobs the picker offers: running ones, the queue's first ones, then recently finished ones. */
function useJobChoices(): { value: JobChoice[] } {
  const { live } = useDashboard();
  return useComputed(() => {
    const active = live.order.value.slice(0, MAX_QUEUED_CHOICES).flatMap((id) => {
      const job = live.jobs.get(id);
      return job ? [{ id, status: job.value.status, path: job.value.path }] : [];
    });
    // Running jobs always, wherever the queue's order has them.
    const running = live.running.value
      .filter((j) => !active.some((a) => a.id === j.id))
      .map((j) => ({ id: j.id, status: j.status, path: j.path }));
    const seen = new Set([...running, ...active].map((j) => j.id));
    const recent = live.recent.value
      .filter((j) => !seen.has(j.id))
      .map((j) => ({ id: j.id, status: j.status, path: j.source.path }));
    return [...running, ...active, ...recent];
  });
}

/**
 * The state-chart inspector: the service's machines drawn from their own definitions (GET /api/v1/machines, laid
 * out by elkjs in the page), the current state of a chosen job and of the queue highlighted live from
 * /api/v1/inspect, and the actor's recent events; choosing an event shows the state the actor was in after it.
 * `#/inspector/<job id>` opens it on that job.
 */
export function InspectorView(props: { job?: string | null }) {
  const { api } = useDashboard();
  const stream = useMemo(() => createInspectStream(api), [api]);
  useEffect(() => () => stream.stop(), [stream]);
  const machines = useSignal<MachineInfo[] | null>(null);
  const failure = useSignal<string | null>(null);
  const charts = useSignal<ReadonlyMap<string, LaidOutChart>>(new Map());
  const tab = useSignal<Tab>('job');
  const jobId = useSignal<string | null>(props.job ?? null);
  const selected = useSignal<number | null>(null);
  const choices = useJobChoices();
  const measure = useMemo(createMeasure, []);
  const layoutChart = useMemo(createChartLayout, []);

  // Asked again once a token is entered, if the first ask was refused for want of it.
  useSignalEffect(() => {
    void api.token.value;
    if (machines.peek() !== null) return;
    api.call<{ machines: MachineInfo[] }>('GET', '/machines').then(
      (r) => {
        machines.value = r.machines;
        failure.value = null;
      },
      (error: Error) => {
        failure.value = `Cannot load the machines: ${error.message}`;
      },
    );
  });

  // Lay out the shown machine once; the layout engine loads with the first chart.
  useSignalEffect(() => {
    const info = machines.value?.find((m) => m.name === tab.value);
    if (!info || charts.peek().has(info.name)) return;
    layoutChart(toChartModel(info.definition), measure).then(
      (chart) => {
        charts.value = new Map(charts.peek()).set(info.name, chart);
      },
      (error: Error) => {
        failure.value = `Cannot lay out the ${info.name} chart: ${error.message}`;
      },
    );
  });

  // A job named by the address or picked by the operator stays; otherwise the first running one, else the first.
  const chosenByHand = useSignal(props.job != null);
  useEffect(() => {
    if (props.job == null) return;
    jobId.value = props.job;
    chosenByHand.value = true;
    selected.value = null;
  }, [props.job]);
  useSignalEffect(() => {
    const list = choices.value;
    if (chosenByHand.value || (jobId.value !== null && list.some((j) => j.id === jobId.value))) return;
    jobId.value = (list.find((j) => j.status === 'running') ?? list[0])?.id ?? null;
  });
  useSignalEffect(() => {
    stream.follow(jobId.value ? ['queue', jobId.value] : ['queue']);
  });

  const actor =
    tab.value === 'job'
      ? jobId.value
        ? `job:${jobId.value}`
        : null
      : tab.value === 'queue'
        ? 'queue'
        : null;
  const entries = (actor && stream.entries.value.get(actor)) || [];
  const chosen = selected.value === null ? null : entries.find((e) => e.seq === selected.value);
  const info = machines.value?.find((m) => m.name === tab.value);
  const chart = charts.value.get(tab.value);
  const rootId = chart?.states[0]?.state.id ?? tab.value;

  let value: unknown;
  let active = new Set<string>();
  if (chosen) value = chosen.value;
  else if (actor && stream.now.value.has(actor)) value = stream.now.value.get(actor)?.value;
  if (value !== undefined) active = activeStateIds(rootId, value);
  else if (tab.value === 'job' && info?.statuses) {
    // A finished job's actor is gone: its status (from the queue's own data) still places it on the chart.
    const status = choices.value.find((j) => j.id === jobId.value)?.status;
    const stateId = status ? info.statuses[status]?.[0] : undefined;
    if (stateId) active = withAncestors(stateId);
  }

  const followed = choices.value.find((j) => j.id === jobId.value);
  const actorTitle = tab.value === 'job' && followed ? `${baseName(followed.path)} (${actor})` : actor;

  const pick = (next: Tab) => {
    tab.value = next;
    selected.value = null;
  };

  return (
    <section class="view inspector" data-testid="inspector-view" aria-labelledby="inspector-title">
      <div class="toolbar">
        <h2 id="inspector-title">Inspector</h2>
        <fieldset class="tabs">
          <legend class="sr-only">Machine</legend>
          {TABS.map((t) => (
            <button
              key={t.tab}
              type="button"
              data-testid={`inspector-tab-${t.tab}`}
              aria-pressed={tab.value === t.tab}
              onClick={() => pick(t.tab)}
            >
              {t.label}
            </button>
          ))}
        </fieldset>
        {tab.value === 'job' && (
          <label class="inline">
            Job
            <select
              data-testid="inspector-job"
              value={jobId.value ?? ''}
              onChange={(e) => {
                jobId.value = (e.currentTarget as HTMLSelectElement).value || null;
                chosenByHand.value = jobId.value !== null;
                selected.value = null;
              }}
            >
              {choices.value.length === 0 && jobId.value === null && <option value="">no jobs yet</option>}
              {jobId.value !== null && !choices.value.some((j) => j.id === jobId.value) && (
                <option value={jobId.value}>{jobId.value}</option>
              )}
              {choices.value.map((j) => (
                <option key={j.id} value={j.id}>
                  {`${baseName(j.path)} — ${j.status}`}
                </option>
              ))}
            </select>
          </label>
        )}
        <span
          class="muted"
          data-testid="inspector-link"
          data-state={stream.connected.value ? 'live' : 'offline'}
        >
          {stream.connected.value ? 'live' : 'connecting…'}
        </span>
      </div>
      {failure.value && <p class="error-text">{failure.value}</p>}
      <p class="inspector-state">
        {actor && `${actorTitle}: `}
        {tab.value === 'intake' &&
          'One intake actor runs per file while it settles; the chart shows their steps.'}
        {tab.value === 'job' && !actor && 'No job to follow yet: drop a file or submit one.'}
        {value !== undefined && (
          <strong data-testid="inspector-value" data-value={valueText(value)}>
            {valueText(value)}
          </strong>
        )}
        {chosen && (
          <span class="muted"> (after the event chosen below; newer events are not shown on the chart)</span>
        )}
      </p>
      <div class="chart-frame">
        {chart ? (
          <MachineChart machine={tab.value} chart={chart} active={active} />
        ) : (
          <p class="muted">{info ? 'Laying out the chart…' : 'Loading the machines…'}</p>
        )}
      </div>
      {actor && (
        <InspectorEvents
          entries={entries}
          selected={selected.value}
          onSelect={(seq) => (selected.value = seq)}
        />
      )}
    </section>
  );
}
