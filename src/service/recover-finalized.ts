import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { JobRecord, JobResult } from '../../machines/types.ts';
import { applySourceAction, suffixedNames } from '../media/finalize.ts';
import { completeSidecar } from '../media/sidecar.ts';
import type { JobEvent, Store } from '../store/index.ts';
import type { VerifiedTempData } from './persist.ts';

export interface RecoverFinalizedOptions {
  now: number;
  /** The jobs to look at, when the caller already has them; default every running or paused job in the store. */
  jobs?: readonly JobRecord[];
  /** Told about a source action that failed; the job stays completed (its output is verified and in place). */
  warn?: (message: string) => void;
  /** Stops a source move onto another device mid-copy (a stop cut short): the source then stays where it is. */
  signal?: AbortSignal;
}

export interface FinalizedRecovery {
  /** Jobs found past their rename and recorded `completed`, with the name their output has. */
  recovered: Array<{ id: string; outputPath: string }>;
  /** Their source actions, which run only after `completed` is committed; never rejects. */
  sourceActions: Promise<void>;
}

/**
 * Completes the jobs that died between renaming their verified output into place and committing `completed`.
 * Run at boot before `store.recover`, which would otherwise requeue them and encode the file a second time as
 * `name-1.mov`. The proof is the inode the persister recorded with `verified`: a rename or hard link keeps it, so
 * a final name holding that inode is this job's output. Jobs without that proof are left to `store.recover`.
 */
export function recoverFinalized(store: Store, options: RecoverFinalizedOptions): FinalizedRecovery {
  const recovered: FinalizedRecovery['recovered'] = [];
  const actions: Array<() => Promise<void>> = [];
  for (const job of options.jobs ?? candidates(store)) {
    if (job.status !== 'running' && job.status !== 'paused') continue;
    const timeline = store.getTimeline(job.id);
    const verified = verifiedOfLastRun(timeline);
    if (!verified) continue;
    const outputPath = findByInode(job.outputPath, verified);
    if (outputPath === null) continue;
    // The link succeeded but the temp name may still be there (the unlink after it is a separate step).
    rmSync(verified.event.tempPath, { force: true });
    // A sidecar WAV verified with the video but not yet renamed when the process died is renamed now.
    const sidecar = completeSidecar(verified.event.tempPath, outputPath);
    if (sidecar.warning) options.warn?.(`job ${job.id}: ${sidecar.warning}`);
    const extras = store.getJobExtras(job.id);
    if (extras?.tempPath) rmSync(extras.tempPath, { force: true });
    const result: JobResult = {
      outputPath,
      outputBytes: statSync(outputPath).size,
      inputBytes: job.source.size,
      durationSeconds: null,
      encodeSeconds: encodeSecondsOf(timeline, verified.at),
      ffmpegArgs: extras?.ffmpegArgs ?? [],
      ...(sidecar.sidecarPath ? { sidecarPath: sidecar.sidecarPath } : {}),
    };
    store.recordTransition(
      job.id,
      { status: 'completed', error: null, result, finishedAt: options.now, tempPath: null },
      { type: 'completed', data: { outputPath, recovered: true } },
    );
    recovered.push({ id: job.id, outputPath });
    actions.push(() => sourceActionOnce(job, options.warn, options.signal));
  }
  const sourceActions = (async () => {
    for (const action of actions) await action();
  })();
  return { recovered, sourceActions };
}

/** Listing 10,000 queued jobs costs a third of a second; most boots have nothing running or paused at all. */
function candidates(store: Store): JobRecord[] {
  const counts = store.countByStatus();
  return counts.running + counts.paused === 0 ? [] : store.listActive();
}

/** The `verified` entry with an inode written after the job's last `started`: an older run's proves nothing. */
function verifiedOfLastRun(timeline: readonly JobEvent[]): { event: VerifiedTempData; at: number } | null {
  for (let i = timeline.length - 1; i >= 0; i--) {
    const entry = timeline[i];
    if (entry.type === 'started') return null;
    if (entry.type === 'verified' && isVerifiedTempData(entry.data))
      return { event: entry.data, at: entry.at };
  }
  return null;
}

function isVerifiedTempData(data: unknown): data is VerifiedTempData {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Record<string, unknown>;
  return typeof d.tempPath === 'string' && typeof d.dev === 'string' && typeof d.ino === 'string';
}

/**
 * The output name holding the inode: the wanted name or one of its suffixed variants (finalization picks the first
 * free one). One directory listing bounds the work to the names that exist, gaps included.
 */
function findByInode(wanted: string, verified: { event: VerifiedTempData }): string | null {
  let present: Set<string>;
  try {
    present = new Set(readdirSync(path.dirname(wanted)));
  } catch {
    return null;
  }
  for (const candidate of suffixedNames(wanted)) {
    if (!present.has(path.basename(candidate))) continue;
    try {
      const info = statSync(candidate, { bigint: true });
      if (String(info.ino) === verified.event.ino && String(info.dev) === verified.event.dev)
        return candidate;
    } catch {
      // Gone since the listing: not ours to find.
    }
  }
  return null;
}

/** From the start of the encode to verification: close enough for stats, which is all it is used for. */
function encodeSecondsOf(timeline: readonly JobEvent[], verifiedAt: number): number {
  for (let i = timeline.length - 1; i >= 0; i--) {
    const entry = timeline[i];
    const data = entry.data as { phase?: unknown } | null;
    if (entry.type === 'progress' && data?.phase === 'encoding')
      return Math.max(0, (verifiedAt - entry.at) / 1000);
    if (entry.type === 'started') break;
  }
  return 0;
}

/**
 * The source action may have run before the crash (it precedes the `completed` commit): only a source that is
 * still the identity the job was queued with is moved or deleted — never a new file that took its name since.
 */
async function sourceActionOnce(
  job: JobRecord,
  warn: RecoverFinalizedOptions['warn'],
  signal?: AbortSignal,
): Promise<void> {
  if (job.sourceAction.kind === 'keep') return;
  try {
    const info = statSync(job.source.path, { throwIfNoEntry: false });
    if (!info || info.size !== job.source.size || Math.trunc(info.mtimeMs) !== Math.trunc(job.source.mtimeMs))
      return;
    await applySourceAction(job.source.path, job.sourceAction, { signal });
  } catch (error) {
    warn?.(
      `job ${job.id}: output recovered, but the source action failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
