import type { ActorRefShape } from './to-plain.ts';

/**
 * Names actors the way inspector clients filter them: the root of a system by the name its tap was given (`queue`,
 * `intake:<path>`), an actor with a system id by that id (`job:<id>`), any other child as `<parent>/<id>`
 * (`job:<id>/transcode`). Names are cached per actor, so a busy stream walks each parent chain once.
 */
export function createActorNamer(rootName: string): (ref: ActorRefShape) => string {
  const names = new WeakMap<object, string>();
  const nameOf = (ref: ActorRefShape): string => {
    const cached = names.get(ref);
    if (cached !== undefined) return cached;
    const name = ref.systemId ?? (ref._parent ? `${nameOf(ref._parent)}/${ref.id}` : rootName);
    names.set(ref, name);
    return name;
  };
  return nameOf;
}

/**
 * A client's actor filter: each entry is a job id, `queue`, an intake path, or a full actor name; it matches that
 * actor and everything it spawned or invoked. `null` matches every actor.
 */
export function createActorFilter(entries: readonly string[] | null): (name: string) => boolean {
  if (entries === null) return () => true;
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const entry of entries) {
    for (const form of [entry, `job:${entry}`, `intake:${entry}`]) {
      exact.add(form);
      prefixes.push(`${form}/`);
    }
  }
  return (name) => exact.has(name) || prefixes.some((p) => name.startsWith(p));
}
