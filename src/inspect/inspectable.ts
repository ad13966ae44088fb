import type { AnyActorRef, AnyStateMachine, InspectionEvent } from 'xstate';

/** What `createActor(logic, { inspect })` receives. */
export type InspectCallback = (event: InspectionEvent) => void;

/** What the service shows the inspector: the machines its actors run, and those actors by name. */
export interface InspectableService {
  /** The machine objects the queue actor runs (implementations provided): what GET /api/v1/machines describes. */
  readonly machines: { readonly queue: AnyStateMachine; readonly job: AnyStateMachine };
  /** The queue and its live job actors by inspector name (`queue`, `job:<id>`), for an inspector's first message. */
  inspectActors(): [string, AnyActorRef][];
}

/** The service's part of InspectableService, from its queue logic, job logic and queue actor. */
export function inspectable(
  queue: AnyStateMachine,
  job: AnyStateMachine,
  actor: AnyActorRef,
): InspectableService {
  return {
    machines: { queue, job },
    inspectActors: () => [
      ['queue', actor],
      ...Object.entries(actor.system.getAll() as Record<string, AnyActorRef>).filter(([name]) =>
        name.startsWith('job:'),
      ),
    ],
  };
}
