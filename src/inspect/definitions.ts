import { createHash } from 'node:crypto';
import type { AnyStateMachine } from 'xstate';

/** A machine as GET /api/v1/machines serves it: XState's own JSON form plus a hash of that JSON. */
export interface MachineDefinition {
  /** The name clients use: `job`, `queue`, `intake`, `connection`. */
  name: string;
  /** sha256 of the definition's JSON text: changes exactly when the chart changes. */
  hash: string;
  /**
   * For machines whose states are flattened onto statuses in every view (the job): status → the state ids that show
   * as that status, so a client can colour a chart by the status it already knows from the REST API.
   */
  statuses?: Record<string, string[]>;
  /** `machine.toJSON()`: what Stately's tools and `xstate/graph` read (states, nesting, transitions, guards). */
  definition: unknown;
}

/** A machine the service runs, under the name clients ask for. */
export interface NamedMachine {
  name: string;
  machine: AnyStateMachine;
  statuses?: Record<string, string[]>;
}

/**
 * The job machine has nine states; every view shows six statuses. `held` is a pause before the job ever ran,
 * `active.paused` a pause with ffmpeg suspended, `waiting` a pending job waiting for its automatic retry;
 * `restoring` is transient and never seen at rest.
 */
export const JOB_STATUS_STATES: Record<string, string[]> = {
  pending: ['job.pending', 'job.waiting', 'job.restoring'],
  running: ['job.active.running'],
  paused: ['job.held', 'job.active.paused'],
  completed: ['job.completed'],
  failed: ['job.failed'],
  cancelled: ['job.cancelled'],
};

/** sha256 hex of a definition's JSON text. */
export function hashDefinition(definition: unknown): string {
  return createHash('sha256').update(JSON.stringify(definition)).digest('hex');
}

interface NodeLike {
  id: string;
  states: Record<string, NodeLike>;
  always?: readonly unknown[];
}

/**
 * `toJSON()` leaves out eventless (`always`) transitions, which the job uses to start held or pending; they are
 * added to each state node's JSON as `always`, in the transitions' own JSON form, so a drawn chart misses nothing.
 */
function withAlways(root: NodeLike, json: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(json)) as { states?: Record<string, unknown> };
  const visit = (node: NodeLike, out: { states?: Record<string, unknown>; always?: unknown }): void => {
    if (node.always && node.always.length > 0) out.always = JSON.parse(JSON.stringify(node.always));
    for (const [key, child] of Object.entries(node.states)) {
      const childOut = out.states?.[key];
      if (childOut && typeof childOut === 'object') visit(child, childOut);
    }
  };
  visit(root, copy);
  return copy;
}

/** The served form of one machine, computed from the machine object itself (never from a copy of its chart). */
export function describeMachine(named: NamedMachine): MachineDefinition {
  const definition = withAlways(named.machine.root as unknown as NodeLike, named.machine.toJSON());
  return {
    name: named.name,
    hash: hashDefinition(definition),
    ...(named.statuses ? { statuses: named.statuses } : {}),
    definition,
  };
}

/**
 * Definitions are computed once per set of machines (the charts do not change while the process runs) and served
 * from that memo; `machines()` is asked again only when a caller passes a different list.
 */
export function createMachineCatalogue(machines: () => readonly NamedMachine[]): {
  list(): MachineDefinition[];
  get(name: string): MachineDefinition | undefined;
} {
  let memo: { from: readonly NamedMachine[]; described: MachineDefinition[] } | null = null;
  const list = (): MachineDefinition[] => {
    const current = machines();
    if (
      memo === null ||
      memo.from.length !== current.length ||
      memo.from.some((m, i) => m.machine !== current[i].machine)
    ) {
      memo = { from: current, described: current.map(describeMachine) };
    }
    return memo.described;
  };
  return { list, get: (name) => list().find((d) => d.name === name) };
}
