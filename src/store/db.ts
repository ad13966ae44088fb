import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import { BvpError, isBvpError } from '../errors.ts';

/** Values SQLite columns take from us. Named parameters only: libsql mistakes a lone positional null for a map. */
export type SqlValue = string | number | null;
export type SqlParams = Record<string, SqlValue>;

/**
 * The slice of libsql the store uses, with statements cached and rows cleaned. Everything is synchronous: libsql is,
 * and a transition that never yields cannot interleave with another.
 */
export interface Sql {
  readonly file: string;
  run(sql: string, params?: SqlParams): { changes: number; lastInsertRowid: number };
  get<T>(sql: string, params?: SqlParams): T | undefined;
  all<T>(sql: string, params?: SqlParams): T[];
  exec(sql: string): void;
  /** Runs `fn` in one write transaction; rolls back everything if it throws. */
  transaction<T>(fn: () => T): T;
  /** Reads a one-value pragma such as `user_version` or `journal_mode`. */
  pragma(name: string): unknown;
  close(): void;
}

export type Synchronous = 'full' | 'normal';

export interface OpenSqlOptions {
  synchronous: Synchronous;
  busyTimeoutMs: number;
}

/** Opens (creating folder and file) a SQLite database with the pragmas every store connection needs. */
export function openSql(file: string, options: OpenSqlOptions): Sql {
  const memory = file === ':memory:';
  let db: Database.Database;
  try {
    if (!memory) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    db = new Database(file);
  } catch (error) {
    throw storeError(error, `cannot open the store at ${file}`);
  }
  const statements = new Map<string, Database.Statement>();

  const prepare = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

  const sql: Sql = {
    file,
    run(text, params = {}) {
      const result = prepare(text).run(params);
      return { changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) };
    },
    get<T>(text: string, params: SqlParams = {}) {
      const row = prepare(text).get(params) as Record<string, unknown> | undefined;
      // libsql decorates single rows with timing metadata; it is not a column.
      if (row) delete row._metadata;
      return row as T | undefined;
    },
    all<T>(text: string, params: SqlParams = {}) {
      return prepare(text).all(params) as T[];
    },
    exec(text) {
      db.exec(text);
    },
    transaction<T>(fn: () => T): T {
      // Store functions compose by calling each other's statements, never each other's transactions.
      if (db.inTransaction) throw new BvpError('internal', 'nested store transaction');
      // IMMEDIATE takes the write lock up front, so two processes never deadlock upgrading read locks.
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = fn();
        db.exec('COMMIT');
        return result;
      } catch (error) {
        // SQLite may already have rolled back on its own (e.g. SQLITE_FULL); a second ROLLBACK would mask the cause.
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    },
    pragma(name) {
      const row = prepare(`PRAGMA ${name}`).get() as Record<string, unknown> | undefined;
      if (!row) return undefined;
      delete row._metadata;
      return Object.values(row)[0];
    },
    close() {
      statements.clear();
      if (db.open) db.close();
    },
  };

  try {
    // WAL: readers (dashboard, CLI status) never block the writer, and a crash leaves a consistent database.
    if (!memory) sql.pragma('journal_mode = WAL');
    // FULL in WAL mode fsyncs the log on every commit: a transition reported done survives a power cut (README.md).
    db.exec(`PRAGMA synchronous = ${options.synchronous.toUpperCase()}`);
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs))}`);
    db.exec('PRAGMA foreign_keys = ON');
  } catch (error) {
    sql.close();
    throw storeError(error, `cannot open the store at ${file}`);
  }
  return sql;
}

/** SQLite's extended result code of an error (SQLITE_CONSTRAINT_UNIQUE, …), or undefined. */
export function sqliteCode(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return error.code.startsWith('SQLITE_') ? error.code : undefined;
  }
  return undefined;
}

/** Wraps a storage failure as `store.io`, keeping a BvpError raised inside a transaction as it is. */
export function storeError(error: unknown, message: string): BvpError {
  if (isBvpError(error)) return error;
  const cause = error instanceof Error ? error.message : String(error);
  return new BvpError('store.io', `${message}: ${cause}`, {
    cause: error,
    details: { sqlite: sqliteCode(error) ?? null },
  });
}
