export { type CandidateFilter, createCandidateFilter, isInside } from './candidate-filter.ts';
export { createFolderWatcher } from './folder-watcher.ts';
export type { CandidateEvent, FolderWatcher, FolderWatcherOptions, WatcherStats } from './types.ts';
