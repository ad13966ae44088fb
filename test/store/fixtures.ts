import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as v from 'valibot';
import type { JobRecord } from '../../machines/types.ts';
import { BUILTIN_PROFILE_INPUTS } from '../../src/profiles/catalogue.ts';
import { type Profile, ProfileSchema } from '../../src/profiles/schema.ts';
import { openStore, type Store, type StoreOptions } from '../../src/store/index.ts';

export const PROFILE: Profile = v.parse(ProfileSchema, BUILTIN_PROFILE_INPUTS[3]);

/** A pending job with every field set, so a round trip exercises every column. */
export function makeRecord(id: string, overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    id,
    source: { path: `/watch/in/${id}.mov`, size: 1_000_000 + id.length, mtimeMs: 1_700_000_000_123.5 },
    outputPath: `/watch/out/${id}.mp4`,
    profile: PROFILE,
    overrides: {},
    priority: 0,
    sourceAction: { kind: 'keep' },
    collision: 'suffix',
    verify: true,
    origin: 'rule:masters',
    createdAt: 1_000,
    status: 'pending',
    attempts: 0,
    progress: null,
    error: null,
    result: null,
    startedAt: null,
    finishedAt: null,
    updatedAt: 1_000,
    ...overrides,
  };
}

export interface TempStore {
  dir: string;
  file: string;
  store: Store;
  reopen(options?: StoreOptions): Store;
  cleanup(): void;
}

/** A real SQLite file in a fresh temp folder (a nested path, so openStore must create the folder). */
export function tempStore(options: StoreOptions = {}): TempStore {
  const dir = mkdtempSync(path.join(tmpdir(), 'bvp-store-'));
  const file = path.join(dir, 'data', 'bvp.db');
  const handle: TempStore = {
    dir,
    file,
    store: openStore(file, options),
    reopen(reopenOptions = options) {
      handle.store.close();
      handle.store = openStore(file, reopenOptions);
      return handle.store;
    },
    cleanup() {
      handle.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return handle;
}

/** A clock the test moves by hand. */
export function manualClock(start = 10_000): {
  now: () => number;
  set: (t: number) => void;
  tick: (ms?: number) => number;
} {
  let t = start;
  return {
    now: () => t,
    set: (value) => {
      t = value;
    },
    tick: (ms = 1) => {
      t += ms;
      return t;
    },
  };
}
