import type { Config } from '../../config/index.ts';
import type { ServiceApi } from '../../service/types.ts';
import type { HealthChecks } from '../types.ts';

/** What the route modules need; assembled by createApp from its deps. */
export interface RouteDeps {
  service: ServiceApi;
  config: () => Config;
  version: string;
  health: () => HealthChecks | Promise<HealthChecks>;
  startedAt: number;
  now: () => number;
}

export function jobLocation(id: string): string {
  return `/api/v1/jobs/${encodeURIComponent(id)}`;
}
