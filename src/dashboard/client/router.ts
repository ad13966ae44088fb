import { signal } from '@preact/signals';

export type ViewName = 'queue' | 'running' | 'history' | 'config' | 'stats' | 'job' | 'inspector';

export interface Route {
  view: ViewName;
  /** The job id of #/job/<id> (and of #/inspector/<id>: the job the inspector follows first). */
  id: string | null;
}

const VIEWS: readonly ViewName[] = ['queue', 'running', 'history', 'config', 'stats', 'job', 'inspector'];

export function parseHash(hash: string): Route {
  const [view, ...rest] = hash.replace(/^#\/?/, '').split('/');
  if (view === 'job' && rest.length > 0) return { view: 'job', id: decodeURIComponent(rest.join('/')) };
  if (view === 'inspector' && rest.length > 0)
    return { view: 'inspector', id: decodeURIComponent(rest.join('/')) };
  const known = VIEWS.find((v) => v === view && v !== 'job');
  return { view: known ?? 'queue', id: null };
}

export function jobHref(id: string): string {
  return `#/job/${encodeURIComponent(id)}`;
}

/** The current view, following the address bar's hash (so back/forward and bookmarks work). */
export function createRouter(): { route: { value: Route }; stop(): void } {
  const route = signal(parseHash(location.hash));
  const onChange = () => {
    route.value = parseHash(location.hash);
  };
  addEventListener('hashchange', onChange);
  return { route, stop: () => removeEventListener('hashchange', onChange) };
}
