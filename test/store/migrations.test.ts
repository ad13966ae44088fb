import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSql, type Sql } from '../../src/store/db.ts';
import { applyMigrations, MIGRATIONS, type Migration, readVersion } from '../../src/store/migrations.ts';

const v1: Migration = {
  version: 1,
  name: 'log',
  sql: 'CREATE TABLE log (n INTEGER); INSERT INTO log VALUES (1);',
};
const v2: Migration = {
  version: 2,
  name: 'more',
  sql: 'INSERT INTO log VALUES (2); CREATE TABLE other (x);',
};

describe('applyMigrations', () => {
  let dir: string;
  let file: string;
  let sql: Sql;
  const open = (): Sql => openSql(file, { synchronous: 'full', busyTimeoutMs: 1000 });
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'bvp-migrate-'));
    file = path.join(dir, 'm.db');
    sql = open();
  });
  afterEach(() => {
    sql.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs each migration once, across reopens, and records the version in user_version', () => {
    expect(applyMigrations(sql, [v1])).toEqual([1]);
    expect(applyMigrations(sql, [v1])).toEqual([]);
    sql.close();
    sql = open();
    expect(applyMigrations(sql, [v1, v2])).toEqual([2]);
    sql.close();
    sql = open();
    expect(applyMigrations(sql, [v1, v2])).toEqual([]);
    expect(readVersion(sql)).toBe(2);
    expect(sql.all<{ n: number }>('SELECT n FROM log ORDER BY n').map((r) => r.n)).toEqual([1, 2]);
  });

  it('leaves the old schema intact when a migration fails', () => {
    applyMigrations(sql, [v1]);
    const broken: Migration = {
      version: 2,
      name: 'broken',
      sql: 'INSERT INTO log VALUES (2); SELECT * FROM missing;',
    };
    expect(() => applyMigrations(sql, [v1, broken])).toThrow();
    expect(readVersion(sql)).toBe(1);
    expect(sql.all<{ n: number }>('SELECT n FROM log').map((r) => r.n)).toEqual([1]);
  });

  it('refuses a database newer than the migrations it knows', () => {
    applyMigrations(sql, [v1, v2]);
    expect(() => applyMigrations(sql, [v1])).toThrowError(expect.objectContaining({ code: 'store.io' }));
  });

  it('refuses a migration list with gaps', () => {
    expect(() => applyMigrations(sql, [v2])).toThrowError(expect.objectContaining({ code: 'internal' }));
  });

  it('has a gap-free built-in list', () => {
    MIGRATIONS.forEach((m, i) => {
      expect(m.version).toBe(i + 1);
    });
  });
});
