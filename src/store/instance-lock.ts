import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import Database from 'libsql';
import { BvpError } from '../errors.ts';
import { type Synchronous, sqliteCode } from './db.ts';
import { openStore, type Store } from './store.ts';

/** Who holds a store: written beside the lock once it is taken, read by the instance that is refused. */
export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the holder took the lock. */
  since: string;
}

export interface InstanceLock {
  readonly file: string;
  readonly holder: LockHolder;
  /** Releases the OS lock and removes the holder note. Idempotent. */
  release(): void;
}

/**
 * One process per store. The lock is SQLite's own: an open `BEGIN EXCLUSIVE` on a small separate database beside
 * the store (`bvp.db.lock`), held for the life of the instance. SQLite takes it with an OS file lock (fcntl on
 * Unix, LockFileEx on Windows), so it is released by the kernel the moment the holder exits — even by SIGKILL or a
 * power cut — and a stale lock is simply free: no PID-liveness guess, no PID reuse, no takeover race. It also works
 * between two services inside one process (SQLite tracks its locks per file, not per process). The holder's pid,
 * host and start time go to `bvp.db.lock.json`, only to name it in the refusal.
 *
 * Limit: OS locks on network shares (NFS, SMB) are only as good as the share's lock service.
 *
 * @throws BvpError `store.locked` naming the holder, before anything in the data folder is touched.
 */
export function acquireInstanceLock(storePath: string, now: () => number = Date.now): InstanceLock {
  const file = `${storePath}.lock`;
  const note = `${file}.json`;
  let db: Database.Database;
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    db = new Database(file, { timeout: 0 });
    db.exec('PRAGMA busy_timeout = 0');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    // A db that could not even be opened is closed by GC; the refusal is what matters.
    const code = sqliteCode(error);
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') throw lockedError(storePath, readHolder(note));
    throw new BvpError('store.io', `cannot take the instance lock ${file}: ${(error as Error).message}`, {
      cause: error,
      details: { file },
    });
  }
  const holder: LockHolder = { pid: process.pid, host: hostname(), since: new Date(now()).toISOString() };
  writeFileSync(note, `${JSON.stringify(holder)}\n`);
  let released = false;
  return {
    file,
    holder,
    release() {
      if (released) return;
      released = true;
      rmSync(note, { force: true });
      if (db.inTransaction) db.exec('ROLLBACK');
      db.close();
    },
  };
}

function readHolder(note: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(note, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return null;
    return { pid: parsed.pid, host: parsed.host, since: String(parsed.since ?? 'an unknown time') };
  } catch {
    return null;
  }
}

function lockedError(storePath: string, holder: LockHolder | null): BvpError {
  const who = holder
    ? `process ${holder.pid} on ${holder.host} (since ${holder.since})`
    : 'another process that is still starting';
  return new BvpError(
    'store.locked',
    `the data folder of ${storePath} is in use by ${who}; one Bulletproof instance per data folder (stop it, or give this one another data folder)`,
    { details: { store: storePath, holder } },
  );
}

/**
 * Takes the instance lock, then opens the store; a failure to open releases the lock. An in-memory store is private
 * to its process and needs none.
 */
export function openLockedStore(
  storePath: string,
  options: { synchronous?: Synchronous; now?: () => number } = {},
): { store: Store; lock: InstanceLock | null } {
  const lock = storePath === ':memory:' ? null : acquireInstanceLock(storePath, options.now);
  try {
    return { store: openStore(storePath, { synchronous: options.synchronous }), lock };
  } catch (error) {
    lock?.release();
    throw error;
  }
}
