export type { Migration } from './migrations.ts';
export { latestVersion, MIGRATIONS } from './migrations.ts';
export { progressMilestone } from './progress-milestone.ts';
export type { QueuePauseState } from './queue-state.ts';
export { DEFAULT_MAX_ATTEMPTS, INTERRUPTED_CODE } from './recover.ts';
export type { StoredJob } from './rows.ts';
export type { Store, StoreOptions } from './store.ts';
export { openStore } from './store.ts';
export * from './types.ts';
