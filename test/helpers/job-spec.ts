import { stat } from 'node:fs/promises';
import type { JobSpec } from '../../machines/types.ts';

/**
 * A job spec for a real file: its identity (size, mtime) read from disk now, and the defaults a plain submission
 * gets — source kept, suffix on collision, verified, no overrides, priority 0. `fields` names the rest and may
 * override any default.
 */
export async function specOf(
  source: string,
  fields: Pick<JobSpec, 'id' | 'outputPath' | 'profile'> & Partial<JobSpec>,
): Promise<JobSpec> {
  const s = await stat(source);
  return {
    source: { path: source, size: s.size, mtimeMs: s.mtimeMs },
    overrides: {},
    priority: 0,
    sourceAction: { kind: 'keep' },
    collision: 'suffix',
    verify: true,
    origin: 'test',
    createdAt: Date.now(),
    ...fields,
  };
}
