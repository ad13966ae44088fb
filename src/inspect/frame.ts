import type { InspectionEvent } from 'xstate';
import { CONTEXT_VIEWS } from './context-views.ts';
import { type ActorRefShape, type PlainOptions, toPlain } from './to-plain.ts';

/** The state machine behind an actor, when it is one: its id tells a client which chart to draw. */
function machineIdOf(ref: ActorRefShape): string | undefined {
  const logic = (ref as { logic?: { id?: unknown; root?: unknown } }).logic;
  return logic && typeof logic.id === 'string' && logic.root !== undefined ? logic.id : undefined;
}

/**
 * A snapshot without its machine and internals: status, state value, context (through the machine's context view,
 * if it has one), output, error, children by name. `withContext: false` for microsteps, whose snapshot the
 * following `@xstate.snapshot` carries in full anyway.
 */
export function plainSnapshot(
  snapshot: unknown,
  options: PlainOptions,
  machine?: string,
  withContext = true,
): Record<string, unknown> {
  const s = (snapshot ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = { status: s.status ?? null };
  if ('value' in s) out.value = toPlain(s.value, options);
  if (withContext && 'context' in s && s.context !== undefined) {
    const view = machine ? CONTEXT_VIEWS[machine] : undefined;
    out.context = toPlain(view ? view(s.context as never) : s.context, options);
  }
  if (s.output !== undefined) out.output = toPlain(s.output, options);
  if (s.error !== undefined) out.error = toPlain(s.error, options);
  if (s.children && typeof s.children === 'object') {
    out.children = Object.values(s.children as Record<string, unknown>).flatMap((child) =>
      child && typeof child === 'object' && 'sessionId' in child
        ? [options.text(options.nameOf(child as ActorRefShape))]
        : [],
    );
  }
  return out;
}

/**
 * The `data` of one inspection message: the actor's name and machine, then what the event type carries, all as
 * plain JSON (no functions, no actor refs).
 */
export function inspectData(event: InspectionEvent, options: PlainOptions): Record<string, unknown> {
  const ref = event.actorRef as unknown as ActorRefShape;
  const machine = machineIdOf(ref);
  const data: Record<string, unknown> = {
    actor: options.text(options.nameOf(ref)),
    ...(machine ? { machine } : {}),
  };
  switch (event.type) {
    case '@xstate.event':
      data.source = event.sourceRef
        ? options.text(options.nameOf(event.sourceRef as unknown as ActorRefShape))
        : null;
      data.event = toPlain(event.event, options);
      break;
    case '@xstate.snapshot':
    case '@xstate.transition':
      data.event = toPlain(event.event, options);
      data.snapshot = plainSnapshot(event.snapshot, options, machine);
      break;
    case '@xstate.microstep':
      data.event = toPlain(event.event, options);
      data.snapshot = plainSnapshot(event.snapshot, options, machine, false);
      data.transitions = (event._transitions ?? []).map((t) => ({
        source: t.source?.id ?? null,
        target: (t.target ?? []).map((node) => node.id),
        eventType: t.eventType,
      }));
      break;
    case '@xstate.action':
      data.action = { type: event.action.type, params: toPlain(event.action.params, options) };
      break;
    case '@xstate.actor':
      break;
  }
  return data;
}

/** The snapshot part of the current state of one actor, for a client's first message and after a resync. */
export function actorState(name: string, ref: ActorRefShape, options: PlainOptions): Record<string, unknown> {
  const machine = machineIdOf(ref);
  return {
    actor: options.text(name),
    ...(machine ? { machine } : {}),
    snapshot: plainSnapshot(ref.getSnapshot(), options, machine),
  };
}
