export interface HourPoint {
  hour: string;
  completed: number;
  failed: number;
}

const W = 720;
const H = 200;
const PAD = { left: 32, right: 8, top: 10, bottom: 24 };

/** Stacked bars (completed, failed on top) per hour, drawn as inline SVG: no chart library, no request. */
export function HourChart(props: { hours: HourPoint[] }) {
  const hours = props.hours;
  const max = Math.max(1, ...hours.map((h) => h.completed + h.failed));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = plotW / Math.max(1, hours.length);
  const y = (n: number) => (n / max) * plotH;
  const total = hours.reduce((sum, h) => sum + h.completed + h.failed, 0);
  const failed = hours.reduce((sum, h) => sum + h.failed, 0);
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`Jobs per hour over the last ${hours.length} hours: ${total} finished, ${failed} failed`}
      data-testid="hour-chart"
    >
      <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} />
      <text x={PAD.left - 6} y={PAD.top + 8} text-anchor="end">
        {max}
      </text>
      <text x={PAD.left - 6} y={H - PAD.bottom} text-anchor="end">
        0
      </text>
      {hours.map((h, i) => {
        const x = PAD.left + i * step + step * 0.15;
        const w = step * 0.7;
        const ok = y(h.completed);
        const bad = y(h.failed);
        const base = H - PAD.bottom;
        const label = new Date(h.hour).getHours();
        return (
          <g key={h.hour}>
            <title>{`${new Date(h.hour).toLocaleString()}: ${h.completed} completed, ${h.failed} failed`}</title>
            <rect class="bar-ok" x={x} y={base - ok} width={w} height={ok} />
            <rect class="bar-bad" x={x} y={base - ok - bad} width={w} height={bad} />
            {i % 3 === 0 && (
              <text x={x + w / 2} y={H - 8} text-anchor="middle">
                {String(label).padStart(2, '0')}h
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
