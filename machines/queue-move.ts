import type { JobActorRef } from './job.ts';
import type { MovePlace, QueueCommand, QueueContext, QueueEmitted, QueueEntry } from './queue-events.ts';
import { findEntry, forEachEntry, isWaiting, patchEntry } from './queue-model.ts';

export interface Placement {
  id: string;
  priority: number;
  order: number;
}

/**
 * Where MOVE puts a waiting job. Priority stays the primary key, so a move also sets the priority: top takes the
 * highest waiting priority and goes first within it, bottom the lowest and goes last, before/after take the ref's
 * priority and an order between the ref and its neighbour. Only the moved job changes, unless halving the gap has
 * run out of float precision: then that priority band is renumbered (every renumbered job is a placement).
 */
export function planMove(
  context: QueueContext,
  id: string,
  to: MovePlace,
  refId?: string,
): { placements: Placement[]; seq: number } {
  const self = findEntry(context, id)!;
  const others: QueueEntry[] = [];
  forEachEntry(context, (e) => {
    if (e.id !== id && isWaiting(e)) others.push(e);
  });
  if (to === 'top' || to === 'bottom') {
    const top = to === 'top';
    let priority = self.priority;
    for (const e of others) priority = top ? Math.max(priority, e.priority) : Math.min(priority, e.priority);
    if (top) {
      let order = self.order;
      for (const e of others) order = Math.min(order, e.order - 1);
      return { placements: [{ id, priority, order }], seq: context.seq };
    }
    const seq = context.seq + 1;
    return { placements: [{ id, priority, order: seq }], seq };
  }
  const ref = findEntry(context, refId!)!;
  const band = others.filter((e) => e.priority === ref.priority);
  let neighbour: number | undefined;
  for (const e of band) {
    if (to === 'before' && e.order < ref.order && (neighbour === undefined || e.order > neighbour))
      neighbour = e.order;
    if (to === 'after' && e.order > ref.order && (neighbour === undefined || e.order < neighbour))
      neighbour = e.order;
  }
  const step = to === 'before' ? -1 : 1;
  const order = neighbour === undefined ? ref.order + step : (neighbour + ref.order) / 2;
  if (order !== neighbour && order !== ref.order) {
    return {
      placements: [{ id, priority: ref.priority, order }],
      seq: Math.max(context.seq, Math.ceil(order)),
    };
  }
  // Out of precision between two neighbours: renumber the band, the moved job in its place.
  const sorted = band.sort((a, b) => a.order - b.order);
  const at = sorted.indexOf(ref) + (to === 'after' ? 1 : 0);
  const moved = { ...self, priority: ref.priority };
  const ordered = [...sorted.slice(0, at), moved, ...sorted.slice(at)];
  const base = Math.floor(sorted[0].order);
  const placements = ordered.map((e, i) => ({ id: e.id, priority: e.priority, order: base + i }));
  return { placements, seq: Math.max(context.seq, base + ordered.length) };
}

/**
 * A checked MOVE applied: the context changes, the events to emit (one job.moved per placement, `renumbered` for
 * the neighbours of a renumbering) and the jobs whose priority must follow.
 */
export function applyMove(
  context: QueueContext,
  command: Extract<QueueCommand, { type: 'MOVE' }>,
): {
  changes: Pick<QueueContext, 'jobs' | 'inSlot' | 'ready' | 'seq'>;
  emitted: QueueEmitted[];
  reprioritized: { ref: JobActorRef; priority: number }[];
} {
  const { placements, seq } = planMove(context, command.id, command.to, command.ref);
  let next: Pick<QueueContext, 'jobs' | 'inSlot' | 'ready'> = context;
  const emitted: QueueEmitted[] = [];
  const reprioritized: { ref: JobActorRef; priority: number }[] = [];
  for (const { id, priority, order } of placements) {
    const entry = findEntry(context, id)!;
    next = patchEntry(next, entry, { priority, order });
    if (entry.priority !== priority) reprioritized.push({ ref: entry.ref, priority });
    const to = id === command.id ? command.to : 'renumbered';
    emitted.push({ type: 'job.moved', id, status: entry.status, to, priority, order });
  }
  return { changes: { ...next, seq }, emitted, reprioritized };
}
