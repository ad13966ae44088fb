import { useSignal, useSignalEffect } from '@preact/signals';
import { useDashboard } from '../dashboard.ts';
import { formatBytes, formatDuration, formatNumber } from '../format.ts';
import type { StatsData } from '../types.ts';
import { HourChart } from './hour-chart.tsx';

function Card(props: { label: string; value: string | number; testid?: string }) {
  return (
    <div class="card" data-testid={props.testid}>
      <div class="n">{props.value}</div>
      <div class="l">{props.label}</div>
    </div>
  );
}

/** The last 24 hours: counts, bytes, encode time, realtime factor, and jobs per hour. */
export function StatsView() {
  const { api, live } = useDashboard();
  const stats = useSignal<StatsData | null>(null);
  const error = useSignal<string | null>(null);
  useSignalEffect(() => {
    void live.revision.value;
    api.call<StatsData>('GET', '/stats').then(
      (s) => {
        stats.value = s;
        error.value = null;
      },
      (e: Error) => {
        error.value = e.message;
      },
    );
  });
  const s = stats.value;
  return (
    <section class="view" aria-labelledby="stats-title">
      <h2 id="stats-title">Last 24 hours</h2>
      {error.value && <p class="bad-text">{error.value}</p>}
      {s && (
        <>
          <div class="cards">
            <Card label="completed" value={s.perStatus.completed} testid="stat-completed" />
            <Card label="failed" value={s.perStatus.failed} testid="stat-failed" />
            <Card label="cancelled" value={s.perStatus.cancelled} />
            <Card label="bytes in" value={formatBytes(s.bytesIn)} />
            <Card label="bytes out" value={formatBytes(s.bytesOut)} />
            <Card label="encode time" value={formatDuration(s.encodeSeconds)} />
            <Card label="media encoded" value={formatDuration(s.mediaSeconds)} />
            <Card
              label="realtime factor"
              value={s.realtimeFactor === null ? '—' : `${formatNumber(s.realtimeFactor, 2)}×`}
            />
          </div>
          <div class="panel">
            <h3>Jobs per hour</h3>
            {s.perHour ? (
              <HourChart hours={s.perHour} />
            ) : (
              <p class="muted">This server does not report jobs per hour yet.</p>
            )}
          </div>
          <div class="panel">
            <h3>Per profile</h3>
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">profile</th>
                  <th scope="col">jobs</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(s.perProfile).map(([name, n]) => (
                  <tr key={name}>
                    <td>{name}</td>
                    <td>{n}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
