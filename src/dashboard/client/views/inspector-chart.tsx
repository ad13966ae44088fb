import type { ChartState } from './inspector-graph.ts';
import { CHART, type LaidOutChart, type PlacedState } from './inspector-layout.ts';

interface ChartProps {
  machine: string;
  chart: LaidOutChart;
  /** State ids to highlight (the active configuration, parents included). */
  active: ReadonlySet<string>;
}

function path(points: { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}

function StateBox({ placed, active, leaf }: { placed: PlacedState; active: boolean; leaf: boolean }) {
  const { state, x, y, width, height } = placed;
  const compound = state.children.length > 0;
  const kind = state.type === 'final' ? 'final' : compound ? 'compound' : 'atomic';
  const textX = x + CHART.pad;
  return (
    <g
      class={`chart-state ${kind}${active ? ' active' : ''}${active && leaf ? ' current' : ''}`}
      data-testid="chart-state"
      data-state-id={state.id}
      data-active={active ? 'true' : 'false'}
    >
      <title>{`${state.id}${active ? ' (active)' : ''}`}</title>
      <rect x={x} y={y} width={width} height={height} rx={compound ? 8 : 6} />
      {kind === 'final' && (
        <rect class="inner" x={x + 3} y={y + 3} width={width - 6} height={height - 6} rx={4} />
      )}
      <text class="state-name" x={textX} y={y + CHART.head / 2 + 4}>
        {state.label}
      </text>
      {state.internal.map((line, i) => (
        <text key={line} class="state-internal" x={textX} y={y + CHART.head + i * CHART.line + 8}>
          {line}
        </text>
      ))}
    </g>
  );
}

/** Leaves of the active configuration: drawn as "the current state" (the parents only outlined). */
function leaves(states: readonly PlacedState[], active: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  const isLeaf = (s: ChartState) => !s.children.some((c) => active.has(c.id));
  for (const { state } of states) if (active.has(state.id) && isLeaf(state)) out.add(state.id);
  return out;
}

/**
 * One machine's chart as SVG, scaled to the width it is given (never above its natural size): state boxes with
 * their names and internal events, compound states around their children, arrows with their event labels.
 */
export function MachineChart({ machine, chart, active }: ChartProps) {
  const current = leaves(chart.states, active);
  const marker = `chart-arrow-${machine}`;
  const ordered = [...chart.states].sort((a, b) => a.depth - b.depth);
  return (
    <svg
      class="machine-chart"
      data-testid="inspector-chart"
      data-machine={machine}
      viewBox={`0 0 ${chart.width} ${chart.height}`}
      width={chart.width}
      // Shrinks to fit a narrow window down to 80 % (text stays readable); below that the frame scrolls.
      style={{ maxWidth: '100%', minWidth: `${Math.round(chart.width * 0.8)}px`, height: 'auto' }}
      role="img"
      aria-label={`State chart of the ${machine} machine`}
    >
      <defs>
        <marker
          id={marker}
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto"
        >
          <path d="M0,0 L10,5 L0,10 z" class="arrow-head" />
        </marker>
      </defs>
      {ordered.map((placed) => (
        <StateBox
          key={placed.state.id}
          placed={placed}
          active={active.has(placed.state.id)}
          leaf={current.has(placed.state.id)}
        />
      ))}
      {chart.initials.map((dot) => (
        <circle
          key={dot.target}
          class="initial-dot"
          cx={dot.x + dot.width / 2}
          cy={dot.y + dot.height / 2}
          r={dot.width / 2}
        />
      ))}
      {chart.edges.map((edge) => (
        <path
          key={edge.id}
          class={`chart-edge${active.has(edge.source) ? ' from-active' : ''}`}
          d={path(edge.points)}
          marker-end={`url(#${marker})`}
        />
      ))}
      {chart.edges.map((edge) =>
        edge.label ? (
          <g key={`${edge.id}:label`} class="edge-label" data-testid="chart-edge-label">
            <rect
              x={edge.label.x}
              y={edge.label.y}
              width={edge.label.width}
              height={edge.label.height}
              rx={3}
            />
            <text x={edge.label.x + CHART.labelPad} y={edge.label.y + edge.label.height - 5}>
              {edge.label.text}
            </text>
          </g>
        ) : null,
      )}
    </svg>
  );
}
