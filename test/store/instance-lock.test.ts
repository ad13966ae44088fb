import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isBvpError } from '../../src/errors.ts';
import { acquireInstanceLock } from '../../src/store/instance-lock.ts';
import { REPO_ROOT } from '../helpers/bvp.ts';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';

let dir: TempDir;
beforeEach(async () => {
  dir = await makeTempDir('bvp-instance-lock-');
});
afterEach(() => dir.cleanup());

function refusal(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (isBvpError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('instance lock', () => {
  it('refuses a second holder of the same store, naming the first (pid, host, since), until it is released', () => {
    const store = dir.join('data', 'bvp.db');
    const first = acquireInstanceLock(store, () => Date.parse('2026-11-30T03:00:00Z'));
    const refused = refusal(() => acquireInstanceLock(store));
    expect(refused.code).toBe('store.locked');
    expect(refused.message).toContain(
      `process ${process.pid} on ${hostname()} (since 2026-11-30T03:00:00.000Z)`,
    );
    first.release();
    expect(existsSync(`${store}.lock.json`)).toBe(false);
    const again = acquireInstanceLock(store);
    again.release();
  });

  it('takes over the lock of a holder that was killed without releasing it', async () => {
    const store = dir.join('bvp.db');
    // A real process takes the lock, reports, then hangs until SIGKILL: no release, no cleanup, a stale note.
    const script = dir.join('hold.ts');
    await writeFile(
      script,
      `import { acquireInstanceLock } from ${JSON.stringify(`${REPO_ROOT}/src/store/instance-lock.ts`)};
       acquireInstanceLock(${JSON.stringify(store)}); console.log('held'); setInterval(() => {}, 1000);`,
    );
    const child = execa('node', ['--import', 'tsx', script], { cwd: REPO_ROOT, reject: false });
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', () => resolve());
      child.then((r) => reject(new Error(`holder exited: ${r.stderr}`)), reject);
    });
    expect(refusal(() => acquireInstanceLock(store)).message).toContain(`process ${child.pid}`);
    child.kill('SIGKILL');
    await child;
    expect(JSON.parse(readFileSync(`${store}.lock.json`, 'utf8')).pid).toBe(child.pid);
    const mine = acquireInstanceLock(store);
    expect(JSON.parse(readFileSync(`${store}.lock.json`, 'utf8')).pid).toBe(process.pid);
    mine.release();
  });
});
