import { refusalOf } from './queue-check.ts';
import type { QueueCommand, QueueContext } from './queue-events.ts';

/** How the queue chart turns events into action and guard params: one place, so the chart reads as a chart. */

const refusal = ({ context, event }: { context: QueueContext; event: QueueCommand }) => ({
  refused: refusalOf(context, event),
});
export const allowed = { type: 'allowed', params: ({ event }: { event: QueueCommand }) => event } as const;
export const refused = { actions: { type: 'refuse', params: refusal } } as const;
export const byId = ({ event }: { event: { id: string } }) => ({ id: event.id });
export type Forwarded = { id: string; type: 'CANCEL' | 'PAUSE' | 'RESUME' };
export const forwardAs =
  (type: Forwarded['type']) =>
  ({ event }: { event: { id: string } }): Forwarded => ({ id: event.id, type });
