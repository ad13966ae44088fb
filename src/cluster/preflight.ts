import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PreflightCheck } from './protocol.ts';

export interface PreflightFolder {
  path: string;
  /** Output folders: the worker writes its temp files there. */
  write: boolean;
}

/**
 * The coordinator's half of a preflight: a probe file in every watch and output folder, named with an accent, a space
 * and quotes so a share that mangles such names fails here instead of on the first real file. Hidden (a leading dot),
 * so the hot folders never take it for a source.
 */
export async function writeProbes(
  folders: readonly PreflightFolder[],
  worker: string,
): Promise<{ token: string; checks: PreflightCheck[]; remove: () => Promise<void> }> {
  const token = randomBytes(6).toString('hex');
  const checks: PreflightCheck[] = [];
  const seen = new Map<string, PreflightFolder>();
  for (const f of folders)
    seen.set(f.path, { path: f.path, write: f.write || (seen.get(f.path)?.write ?? false) });
  for (const folder of seen.values()) {
    const file = path.join(folder.path, `.bvp-preflight-${token} é '".txt`);
    const content = `bvp preflight ${token} for worker ${worker}\n`;
    await writeFile(file, content);
    checks.push({ folder: folder.path, file, content, write: folder.write });
  }
  return {
    token,
    checks,
    remove: async () => {
      await Promise.allSettled(checks.map((c) => rm(c.file, { force: true })));
    },
  };
}
