/** The parts of a state node's JSON (`machine.toJSON()`, plus `always`) a diagram needs. */
interface NodeJson {
  id: string;
  key: string;
  type: string;
  initial?: { target?: string[] };
  states?: Record<string, NodeJson>;
  transitions?: TransitionJson[];
  always?: TransitionJson[];
  invoke?: { id: string; src: unknown }[];
}

interface TransitionJson {
  eventType: string;
  target?: string[];
  guard?: string | { type?: string };
  delay?: string | number;
}

/** Mermaid ids are global and plain: `job.active.running` → `active_running` (the machine id dropped). */
function mermaidId(nodeId: string, rootId: string): string {
  const local = nodeId.startsWith(`${rootId}.`) ? nodeId.slice(rootId.length + 1) : nodeId;
  return local.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Text that cannot end a Mermaid line or start a comment. */
function clean(text: string): string {
  return text.replace(/[;#:\n\r]/g, ' ').trim();
}

function invokedName(node: NodeJson, invokeId: string): string {
  const found = node.invoke?.find((i) => i.id === invokeId);
  return typeof found?.src === 'string' ? found.src : invokeId;
}

/** `START`, `after settle`, `done (probe)`, `error (transcode)`, `always`, plus ` [guard]`. */
function label(node: NodeJson, t: TransitionJson): string {
  const type = t.eventType;
  let text = type;
  if (type === '') text = 'always';
  else if (type === '*') text = 'any event';
  else if (type.startsWith('xstate.after.')) text = `after ${t.delay ?? type.slice(13)}`;
  else if (type.startsWith('xstate.done.actor.')) text = `done (${invokedName(node, type.slice(18))})`;
  else if (type.startsWith('xstate.error.actor.')) text = `error (${invokedName(node, type.slice(19))})`;
  const guard = typeof t.guard === 'string' ? t.guard : t.guard?.type;
  return clean(guard ? `${text} [${guard}]` : text);
}

/**
 * A Mermaid `stateDiagram-v2` of a machine's JSON: nesting as composite states, the initial state of each level,
 * every transition that changes state (with its event and guard), final states to `[*]`. Transitions that only run
 * actions (progress, priority) are left out: they do not move the chart. The output is stable for a given definition,
 * so documents generated from it can be compared in a test.
 */
export function toMermaid(definition: unknown): string {
  const root = definition as NodeJson;
  const lines = ['stateDiagram-v2'];
  const idOf = (ref: string) => mermaidId(ref.replace(/^#/, ''), root.id);

  const emitLevel = (parent: NodeJson, indent: string): void => {
    const children = Object.values(parent.states ?? {});
    const initial = parent.initial?.target?.[0];
    if (initial) lines.push(`${indent}[*] --> ${idOf(initial)}`);
    children.forEach((child, index) => {
      if (parent.type === 'parallel' && index > 0) lines.push(`${indent}--`);
      const id = idOf(child.id);
      if (child.states && Object.keys(child.states).length > 0) {
        lines.push(`${indent}state ${id} {`);
        emitLevel(child, `${indent}  `);
        lines.push(`${indent}}`);
      } else if (id !== child.key) {
        lines.push(`${indent}state "${clean(child.key)}" as ${id}`);
      } else {
        lines.push(`${indent}${id}`);
      }
    });
    for (const child of children) {
      const from = idOf(child.id);
      const seen = new Set<string>();
      for (const t of [...(child.always ?? []), ...(child.transitions ?? [])]) {
        for (const target of t.target ?? []) {
          const line = `${indent}${from} --> ${idOf(target)} : ${label(child, t)}`;
          if (seen.has(line)) continue;
          seen.add(line);
          lines.push(line);
        }
      }
      if (child.type === 'final') lines.push(`${indent}${from} --> [*]`);
    }
  };
  emitLevel(root, '  ');
  return `${lines.join('\n')}\n`;
}
