import type { ServiceApi } from '../../service/types.ts';
import type { ConfigLike, HealthChecks } from '../types.ts';

/** What the route modules need; assembled by createApp from its deps. */
export interface RouteDeps {
  service: ServiceApi;
  config: () => ConfigLike;
  version: string;
  health: () => HealthChecks | Promise<HealthChecks>;
  /** Folders a POST /jobs source may come from (the watch folders). */
  inputFolders: () => readonly string[];
  startedAt: number;
  now: () => number;
}

export function jobLocation(id: string): string {
  return `/api/v1/jobs/${encodeURIComponent(id)}`;
}
