import type { JobView } from '../../src/service/types.ts';

/** A JobView for unit tests of event consumers: a completed-looking job, fields overridable. */
export function jobViewFixture(overrides: Partial<JobView> = {}): JobView {
  return {
    id: 'j1',
    status: 'pending',
    phase: null,
    source: { path: '/watch/a.mov', size: 1000, mtimeMs: 0 },
    outputPath: '/out/a.mp4',
    profile: 'h264-proxy',
    priority: 0,
    attempts: 1,
    progress: null,
    error: null,
    result: null,
    origin: 'api',
    createdAt: 0,
    startedAt: null,
    finishedAt: null,
    updatedAt: 0,
    retryAt: null,
    ...overrides,
  };
}
