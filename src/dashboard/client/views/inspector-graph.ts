/** What GET /api/v1/machines serves for one machine (src/inspect/definitions.ts). */
export interface MachineInfo {
  name: string;
  hash: string;
  statuses?: Record<string, string[]>;
  definition: unknown;
}

interface TransitionJson {
  eventType?: string | null;
  guard?: string | { type?: string } | null;
  target?: string[];
}

interface NodeJson {
  id: string;
  key: string;
  type: string;
  initial?: { target?: string[] };
  states?: Record<string, NodeJson>;
  transitions?: TransitionJson[];
  always?: TransitionJson[];
}

/** One state of a chart: its box, and the events it handles without leaving (listed inside the box). */
export interface ChartState {
  id: string;
  label: string;
  type: 'atomic' | 'compound' | 'final' | 'parallel' | 'history';
  /** The child state a compound state starts in. */
  initial: string | null;
  internal: string[];
  children: ChartState[];
}

/** One drawn transition: from a state to another (or the same, re-entered), labelled `EVENT [guard]`. */
export interface ChartEdge {
  id: string;
  source: string;
  target: string;
  label: string;
}

export interface ChartModel {
  root: ChartState;
  edges: ChartEdge[];
}

/**
 * XState's generated event names, as a reader says them: `xstate.done.actor.0.intake.checking` is "done: checking",
 * `xstate.after.settle.intake.settling` is "after settle".
 */
export function eventLabel(eventType: string | null | undefined): string {
  if (!eventType) return 'always';
  const done = /^xstate\.(done|error)\.actor\.(.+)$/.exec(eventType);
  if (done) {
    const parts = done[2]!.split('.');
    const who = /^\d+$/.test(parts[0]!) ? parts[parts.length - 1]! : parts[0]!;
    return `${done[1]}: ${who}`;
  }
  const after = /^xstate\.after\.([^.]+)\./.exec(eventType);
  if (after) return `after ${after[1]}`;
  return eventType;
}

function guardName(guard: TransitionJson['guard']): string | null {
  if (!guard) return null;
  if (typeof guard === 'string') return guard;
  return typeof guard.type === 'string' ? guard.type : 'guard';
}

const typeOf = (t: string): ChartState['type'] =>
  t === 'compound' || t === 'final' || t === 'parallel' || t === 'history' ? t : 'atomic';

/**
 * The chart of one machine definition (XState's `toJSON()` with `always`): states nested as in the machine;
 * transitions with a target become edges labelled with their event and guard; transitions without one (actions
 * only) are listed inside their state, one line per event with its guards (`ADD [allowed | else]`).
 */
export function toChartModel(definition: unknown): ChartModel {
  const edges: ChartEdge[] = [];
  const visit = (node: NodeJson, isRoot: boolean): ChartState => {
    const internal = new Map<string, string[]>();
    const transitions = [...(node.transitions ?? []), ...(node.always ?? [])];
    transitions.forEach((t, i) => {
      const event = eventLabel(t.eventType);
      const guard = guardName(t.guard);
      const targets = (t.target ?? []).map((x) => x.replace(/^#/, ''));
      if (targets.length === 0) {
        const guards = internal.get(event) ?? [];
        guards.push(guard ?? 'else');
        internal.set(event, guards);
        return;
      }
      for (const target of targets) {
        edges.push({
          id: `${node.id}#${i}->${target}`,
          source: node.id,
          target,
          label: guard ? `${event} [${guard}]` : event,
        });
      }
    });
    const lines = [...internal].map(([event, guards]) =>
      guards.length === 1 && guards[0] === 'else' ? event : `${event} [${guards.join(' | ')}]`,
    );
    return {
      id: node.id,
      label: isRoot ? node.id : node.key,
      type: typeOf(node.type),
      initial: node.initial?.target?.[0]?.replace(/^#/, '') ?? null,
      internal: lines,
      children: Object.values(node.states ?? {}).map((child) => visit(child, false)),
    };
  };
  return { root: visit(definition as NodeJson, true), edges };
}

/** Every state id of the chart, outermost first. */
export function allStateIds(state: ChartState): string[] {
  return [state.id, ...state.children.flatMap(allStateIds)];
}

/**
 * The ids of the states a state value stands for, parents included: `{ active: 'running' }` in machine `job` is
 * `job`, `job.active`, `job.active.running`.
 */
export function activeStateIds(machineId: string, value: unknown): Set<string> {
  const ids = new Set<string>([machineId]);
  const walk = (prefix: string, v: unknown): void => {
    if (typeof v === 'string') ids.add(`${prefix}.${v}`);
    else if (v && typeof v === 'object') {
      for (const [key, child] of Object.entries(v as Record<string, unknown>)) {
        ids.add(`${prefix}.${key}`);
        walk(`${prefix}.${key}`, child);
      }
    }
  };
  walk(machineId, value);
  return ids;
}

/** A state value as one line: `active.running`. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, child]) => `${key}.${valueText(child)}`)
      .join(', ');
  }
  return String(value);
}
