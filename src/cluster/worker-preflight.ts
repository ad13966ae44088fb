import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { mapPath, type PathMap } from './path-map.ts';
import type { PreflightCheck, PreflightFailure } from './protocol.ts';

/**
 * The worker's half of the preflight: every probe file the coordinator wrote must read back, through this worker's
 * path map, with the same content; output folders must also take a new file. A failure names the folder both ways.
 */
export async function runPreflightChecks(
  checks: readonly PreflightCheck[],
  maps: readonly PathMap[],
  worker: string,
): Promise<PreflightFailure[]> {
  const failures: PreflightFailure[] = [];
  for (const check of checks) {
    const folder = mapPath(check.folder, maps);
    const seenAs = folder === check.folder ? '' : ` (mapped to ${folder})`;
    const fail = (what: string) =>
      failures.push({ folder: check.folder, message: `worker "${worker}" ${what} ${check.folder}${seenAs}` });
    try {
      const content = await readFile(mapPath(check.file, maps), 'utf8');
      if (content !== check.content) {
        fail('reads a different probe file in');
        continue;
      }
    } catch (error) {
      fail(`cannot read the probe file (${codeOf(error)}) in`);
      continue;
    }
    if (!check.write) continue;
    const own = path.join(folder, `.bvp-preflight-${process.pid}-${Date.now()}.tmp`);
    try {
      await writeFile(own, worker);
      await rm(own, { force: true });
    } catch (error) {
      fail(`cannot write (${codeOf(error)}) into`);
    }
  }
  return failures;
}

function codeOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}
