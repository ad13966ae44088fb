import type { ChartModel, ChartState } from './inspector-graph.ts';

/** Text metrics the layout needs; the page measures with the font the SVG draws in. */
export type MeasureText = (text: string, bold?: boolean) => number;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedState extends Box {
  state: ChartState;
  depth: number;
}

export interface PlacedEdge {
  id: string;
  source: string;
  target: string;
  points: { x: number; y: number }[];
  label: (Box & { text: string }) | null;
}

export interface LaidOutChart {
  width: number;
  height: number;
  states: PlacedState[];
  /** The dot each compound state's initial arrow starts from. */
  initials: (Box & { target: string })[];
  edges: PlacedEdge[];
}

/** Line height, paddings and font size of the drawn chart (inspector-chart.tsx draws with the same numbers). */
export const CHART = { line: 16, head: 26, pad: 10, font: 12, labelPad: 4 } as const;

interface ElkLabel {
  text: string;
  width: number;
  height: number;
  x?: number;
  y?: number;
}
interface ElkNode {
  id: string;
  width?: number;
  height?: number;
  x?: number;
  y?: number;
  children?: ElkNode[];
  edges?: ElkEdge[];
  layoutOptions?: Record<string, string>;
}
interface ElkEdge {
  id: string;
  sources: string[];
  targets: string[];
  labels?: ElkLabel[];
  sections?: { startPoint: Point; endPoint: Point; bendPoints?: Point[] }[];
}
interface Point {
  x: number;
  y: number;
}
interface Elk {
  layout(graph: ElkNode): Promise<ElkNode>;
}

/** elkjs's single-file build (no worker): its own script, fetched the first time a chart is drawn. */
async function loadElk(): Promise<Elk> {
  const m = await import('elkjs/lib/elk.bundled.js');
  const Ctor = (m.default ?? m) as unknown as new () => Elk;
  return new Ctor();
}

export type ChartLayout = (model: ChartModel, measure: MeasureText) => Promise<LaidOutChart>;

/** A layout function with its own ELK instance, created on first use (one per inspector view). */
export function createChartLayout(): ChartLayout {
  let engine: Promise<Elk> | null = null;
  return (model, measure) => {
    engine ??= loadElk();
    return layoutChart(model, measure, engine);
  };
}

const INITIAL = 10;

function headHeight(state: ChartState): number {
  return CHART.head + state.internal.length * CHART.line;
}

function boxWidth(state: ChartState, measure: MeasureText): number {
  const texts = [measure(state.label, true), ...state.internal.map((l) => measure(l))];
  return Math.ceil(Math.max(...texts) + 2 * CHART.pad);
}

function toElkNode(state: ChartState, measure: MeasureText, edges: ElkEdge[]): ElkNode {
  if (state.children.length === 0) {
    return {
      id: state.id,
      width: Math.max(72, boxWidth(state, measure)),
      height: headHeight(state) + (state.internal.length > 0 ? CHART.pad / 2 : 0),
    };
  }
  const children = state.children.map((c) => toElkNode(c, measure, edges));
  if (state.initial) {
    children.unshift({ id: `${state.id}::initial`, width: INITIAL, height: INITIAL });
    edges.push({ id: `${state.id}::initial->`, sources: [`${state.id}::initial`], targets: [state.initial] });
  }
  return {
    id: state.id,
    children,
    layoutOptions: {
      'elk.padding': `[top=${headHeight(state) + 8},left=${CHART.pad + 6},bottom=${CHART.pad + 6},right=${CHART.pad + 6}]`,
      'elk.nodeSize.constraints': 'MINIMUM_SIZE',
      'elk.nodeSize.minimum': `(${boxWidth(state, measure)}, ${headHeight(state) + 30})`,
    },
  };
}

/**
 * Lays a chart out with ELK's layered algorithm: states top to bottom, compound states around their children, every
 * edge label placed by ELK as a node of its own so no two labels overlap; coordinates come back absolute.
 */
export async function layoutChart(
  model: ChartModel,
  measure: MeasureText,
  engine: Promise<Elk> = loadElk(),
): Promise<LaidOutChart> {
  const edges: ElkEdge[] = [];
  const rootNode = toElkNode(model.root, measure, edges);
  for (const e of model.edges) {
    edges.push({
      id: e.id,
      sources: [e.source],
      targets: [e.target],
      labels: [
        {
          text: e.label,
          width: Math.ceil(measure(e.label)) + 2 * CHART.labelPad,
          height: CHART.line + 2,
        },
      ],
    });
  }
  const graph: ElkNode = {
    id: '::graph',
    children: [rootNode],
    edges,
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '36',
      'elk.spacing.nodeNode': '28',
      'elk.spacing.edgeLabel': '4',
      'elk.spacing.edgeNode': '14',
      'elk.spacing.edgeEdge': '12',
      'elk.layered.spacing.edgeNodeBetweenLayers': '14',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.json.shapeCoords': 'ROOT',
      'elk.json.edgeCoords': 'ROOT',
      'elk.padding': '[top=8,left=8,bottom=8,right=8]',
    },
  };
  const out = await (await engine).layout(graph);
  const byId = new Map<string, ChartState>();
  const index = (s: ChartState) => {
    byId.set(s.id, s);
    s.children.forEach(index);
  };
  index(model.root);

  const states: PlacedState[] = [];
  const initials: LaidOutChart['initials'] = [];
  const place = (node: ElkNode, depth: number) => {
    const box = { x: node.x ?? 0, y: node.y ?? 0, width: node.width ?? 0, height: node.height ?? 0 };
    if (node.id.endsWith('::initial')) {
      const owner = byId.get(node.id.slice(0, -'::initial'.length));
      if (owner?.initial) initials.push({ ...box, target: owner.initial });
      return;
    }
    const state = byId.get(node.id);
    if (state) states.push({ ...box, state, depth });
    for (const child of node.children ?? []) place(child, depth + 1);
  };
  for (const child of out.children ?? []) place(child, 0);

  const placedEdges: PlacedEdge[] = [];
  const collect = (node: ElkNode) => {
    for (const e of node.edges ?? []) {
      const section = e.sections?.[0];
      if (!section) continue;
      const label = e.labels?.[0];
      placedEdges.push({
        id: e.id,
        source: e.sources[0]!,
        target: e.targets[0]!,
        points: [section.startPoint, ...(section.bendPoints ?? []), section.endPoint],
        label:
          label && label.x !== undefined && label.y !== undefined
            ? { text: label.text, x: label.x, y: label.y, width: label.width, height: label.height }
            : null,
      });
    }
    for (const child of node.children ?? []) collect(child);
  };
  collect(out);
  return {
    width: Math.ceil(out.width ?? 0),
    height: Math.ceil(out.height ?? 0),
    states,
    initials,
    edges: placedEdges,
  };
}
