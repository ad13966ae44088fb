import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { JobRecord, JobSpec } from '../../machines/types.ts';
import { BvpError } from '../errors.ts';
import { resolveFolder } from '../media/output-root.ts';
import { sourceFingerprint } from '../media/source-guard.ts';
import type { ProfileRegistry } from '../profiles/registry.ts';
import type { Profile } from '../profiles/schema.ts';
import type { SubmitRequest } from './types.ts';

/**
 * `<outputDir>/<stem>.<ext>`, or beside the source as `<stem>__processed__<profile>.<ext>` (the original's naming,
 * with the profile's extension).
 */
export function defaultOutputPath(source: string, profile: Profile, outputDir?: string): string {
  const stem = path.basename(source, path.extname(source));
  return outputDir
    ? path.join(outputDir, `${stem}.${profile.container}`)
    : path.join(path.dirname(source), `${stem}__processed__${profile.name}.${profile.container}`);
}

export interface SpecDefaults {
  /** Where outputs go when a request names none; beside the source when absent. */
  outputDir?: string;
  now: () => number;
  newId: () => string;
}

/**
 * Turns a submission into a JobSpec: the source must exist and be a file (its identity is taken now), the profile
 * must exist (resolved now, so a later config reload does not change a queued job).
 */
export async function specFromRequest(
  request: SubmitRequest,
  profiles: Pick<ProfileRegistry, 'resolve'>,
  defaults: SpecDefaults,
): Promise<JobSpec> {
  const profile = profiles.resolve(request.profile);
  const source = path.resolve(request.source);
  // A settled file was stat'ed by its intake moments ago; the job's start check compares it with that identity.
  const info = request.settled
    ? { isFile: () => true, size: request.settled.size, mtimeMs: request.settled.mtimeMs }
    : await statSource(source);
  if (!info.isFile()) {
    throw new BvpError('input.unreadable', `source "${source}" is not a file`, {
      details: { field: 'source' },
    });
  }
  if (info.size === 0) {
    throw new BvpError('input.unreadable', `source "${source}" is empty (0 bytes)`, {
      details: { field: 'source' },
    });
  }
  const outputPath = request.output
    ? path.resolve(request.output)
    : defaultOutputPath(source, profile, defaults.outputDir);
  if (outputPath === source) {
    throw new BvpError('output.exists', `output "${outputPath}" would overwrite the source`, {
      details: { field: 'output' },
    });
  }
  // Taken now, checked before the output is finalized and before the source is deleted or moved.
  const fingerprint = await sourceFingerprint(source, info.size).catch((error: NodeJS.ErrnoException) => {
    throw new BvpError(
      'input.unreadable',
      `source "${source}" cannot be read (${error.code ?? error.message})`,
      {
        details: { field: 'source', path: source },
      },
    );
  });
  // Where the output's folder really is now: the encode writes nowhere else (src/media/output-root.ts).
  const outputRoot = await resolveFolder(path.dirname(outputPath)).catch(() => undefined);
  return {
    id: defaults.newId(),
    source: { path: source, size: info.size, mtimeMs: info.mtimeMs, fingerprint },
    outputPath,
    ...(outputRoot === undefined ? {} : { outputRoot }),
    profile,
    overrides: request.overrides ?? {},
    priority: request.priority ?? 0,
    sourceAction: request.sourceAction ?? { kind: 'keep' },
    collision: request.collision ?? 'suffix',
    verify: request.verify ?? true,
    origin: request.origin ?? 'api',
    createdAt: defaults.now(),
  };
}

/** The source's size and mtime now; a missing or unreadable source is the caller's error, naming the path. */
function statSource(source: string) {
  return stat(source).catch((error: NodeJS.ErrnoException) => {
    throw new BvpError(
      error.code === 'ENOENT' ? 'input.missing' : 'input.unreadable',
      `source "${source}" ${error.code === 'ENOENT' ? 'does not exist' : `cannot be read (${error.code})`}`,
      { details: { field: 'source', path: source } },
    );
  });
}

/** A new job's first stored record: pending, first attempt, nothing run yet. */
export function pendingRecord(spec: JobSpec): JobRecord {
  return {
    ...spec,
    status: 'pending',
    attempts: 1,
    progress: null,
    error: null,
    result: null,
    startedAt: null,
    finishedAt: null,
    updatedAt: spec.createdAt,
  };
}
