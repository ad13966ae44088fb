/**
 * What the watcher tells its caller. `present` means "this candidate exists with this size and mtime" and is sent
 * when a file is first seen and whenever its size or mtime differs from what was last sent; `removed` means a file
 * that was present is gone (or is no longer a regular file). The intake machine turns these into CHANGED / DELETED.
 */
export type CandidateEvent =
  | { type: 'present'; path: string; relPath: string; size: number; mtimeMs: number }
  | { type: 'removed'; path: string; relPath: string };

export interface FolderWatcherOptions {
  /** The watch folder. Emitted `path`s are this folder (resolved) joined with the relative path. */
  path: string;
  /** false: top-level files only. */
  recursive: boolean;
  /** Accepted extensions, case-insensitive, with or without the leading dot (`mov`, `.MOV`). Empty: none. */
  extensions: string[];
  /**
   * The caller's ignore rules (built from its globs). `relPath` uses `/` separators on every platform. Called for
   * files only: directories are pruned by `excludeDirs` and by the hidden-name rule, never by this predicate.
   */
  ignore: (relPath: string, basename: string) => boolean;
  /** Absolute folders never descended into, e.g. an output folder nested inside the watch folder. */
  excludeDirs: string[];
  /** Period of the reconcile scan, in milliseconds. */
  pollIntervalMs: number;
  /** chokidar polling (fs.watchFile) instead of fs.watch: for SMB/NFS shares where change notifications are lost. */
  usePolling: boolean;
  onCandidate: (event: CandidateEvent) => void;
  /** Every error ends here (folder unreadable, chokidar failure, a throwing callback); the watcher keeps going. */
  onError: (error: Error) => void;
  /**
   * false: no chokidar at all, only the reconcile scan (tests that simulate a missed event; folders where events are
   * known to be useless). Default true.
   */
  useFsEvents?: boolean;
  /** Aborting closes the watcher. */
  signal?: AbortSignal;
}

export interface WatcherStats {
  /** Candidate files currently known to be present. */
  filesKnown: number;
  /** Reconcile scans completed (the initial scan included). */
  scansDone: number;
  /** Wall time of the last completed scan, in ms; null before the first one. */
  lastScanMs: number | null;
  /** ms since epoch when the last scan completed. */
  lastScanAt: number | null;
  /** Errors passed to onError since creation. */
  errors: number;
  scanning: boolean;
}

export interface FolderWatcher {
  /** Starts chokidar and runs the initial scan; resolves when both are done. */
  start(): Promise<void>;
  /**
   * Runs a reconcile scan now. If one is running, resolves after a scan that started after this call, so a file
   * written before calling is always seen.
   */
  scanNow(): Promise<void>;
  /** Stops chokidar, the timer and any scan; no event is delivered once this resolves. */
  close(): Promise<void>;
  stats(): WatcherStats;
}
