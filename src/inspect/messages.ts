import * as v from 'valibot';

/** One actor filter entry: a job id, `queue`, an intake path or a full actor name. */
const ActorEntry = v.pipe(v.string(), v.minLength(1), v.maxLength(4096));

/** Messages an inspect client may send. `subscribe` replaces the actor filter (`null`: every actor). */
export const InspectClientMessageSchema = v.variant('type', [
  v.object({
    type: v.literal('subscribe'),
    actors: v.nullable(v.pipe(v.array(ActorEntry), v.maxLength(100))),
  }),
  v.object({ type: v.literal('resync') }),
  v.object({ type: v.literal('ping') }),
]);

export type InspectClientMessage = v.InferOutput<typeof InspectClientMessageSchema>;

/** The inspection event types XState 5 defines; a client sees them as the `type` of each message. */
export const INSPECTION_TYPES = [
  '@xstate.actor',
  '@xstate.event',
  '@xstate.snapshot',
  '@xstate.transition',
  '@xstate.microstep',
  '@xstate.action',
] as const;
