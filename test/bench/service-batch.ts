import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createService } from '../../src/service/service.ts';
import type { ServiceEvent } from '../../src/service/types.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';

/** Shared by the inter-job gap and queue overhead benches: a batch of tiny clips pushed through a real service. */

export interface ClipSet {
  dir: TempDir;
  clips: string[];
}

/** `count` copies of one tiny clip (0.5 s, 160x90, mpeg4 + PCM in .mov): distinct sources, ffmpeg time near its floor. */
export async function makeClipSet(count = 20): Promise<ClipSet> {
  const dir = await makeTempDir('bvp-batch-bench-');
  const first = await makeClip(dir.join('source.mov'), { seconds: 0.5 });
  await mkdir(dir.join('in'));
  const clips: string[] = [];
  for (let i = 0; i < count; i++) {
    const clip = dir.join('in', `cue-${String(i).padStart(2, '0')}.mov`);
    await copyFile(first, clip);
    clips.push(clip);
  }
  return { dir, clips };
}

/** Wall-clock ms since the epoch with sub-ms precision, comparable with the ffmpeg wrapper's $EPOCHREALTIME. */
export const epochMs = (): number => performance.timeOrigin + performance.now();

export interface TimedEvent {
  type: string;
  id: string;
  phase: string | null;
  at: number;
}

export interface BatchRun {
  /** resumeQueue() → the last job.completed event, ms. */
  wallMs: number;
  /** Job ids in the order they were submitted (= dispatch order: same priority, oldest first). */
  ids: string[];
  /** The argv each job's ffmpeg ran with, from the job's detail view. */
  ffmpegArgs: string[][];
  events: TimedEvent[];
}

export interface BatchOptions {
  clips: string[];
  /** Fresh folder for the outputs and the store of this run. */
  workDir: string;
  ffmpeg: string;
  profile: string;
  verify: boolean;
}

/**
 * Submits every clip to a paused queue (concurrency 1, production store durability), then resumes it and waits for
 * the last job, so the wall time is the queue working through a full backlog and nothing else.
 */
export async function runBatch(options: BatchOptions): Promise<BatchRun> {
  const service = createService({
    storePath: path.join(options.workDir, 'bvp.db'),
    ffmpeg: options.ffmpeg,
    ffprobe: 'ffprobe',
    outputDir: path.join(options.workDir, 'out'),
    concurrency: 1,
  });
  try {
    const events: TimedEvent[] = [];
    let remaining = options.clips.length;
    let failure: ServiceEvent | null = null;
    let settle: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      settle = resolve;
    });
    service.subscribe((event) => {
      const at = epochMs();
      const { id, phase } = event.data as { id?: unknown; phase?: unknown };
      if (typeof id === 'string')
        events.push({ type: event.type, id, phase: typeof phase === 'string' ? phase : null, at });
      if (event.type === 'job.failed') failure = event;
      if (event.type === 'job.completed' || event.type === 'job.failed') {
        remaining--;
        if (remaining === 0) settle();
      }
    });
    service.pauseQueue();
    const ids: string[] = [];
    for (const clip of options.clips) {
      const job = await service.submit({
        source: clip,
        profile: options.profile,
        verify: options.verify,
        origin: 'bench',
      });
      ids.push(job.id);
    }
    const start = epochMs();
    service.resumeQueue();
    await finished;
    const last = events.findLast((e) => e.type === 'job.completed' || e.type === 'job.failed');
    if (failure) throw new Error(`a bench job failed: ${JSON.stringify((failure as ServiceEvent).data)}`);
    const ffmpegArgs = ids.map((id) => {
      const args = service.getJob(id).ffmpegArgs;
      if (!args) throw new Error(`job ${id} has no ffmpeg arguments`);
      return args;
    });
    return { wallMs: (last?.at ?? epochMs()) - start, ids, ffmpegArgs, events };
  } finally {
    await service.stop({ graceSeconds: 0 });
  }
}

/** The time of the first event of `type` (and phase) for a job. */
export function timeOf(run: BatchRun, id: string, type: string, phase?: string): number {
  const event = run.events.find(
    (e) => e.id === id && e.type === type && (phase === undefined || e.phase === phase),
  );
  if (!event) throw new Error(`no ${type}${phase ? `/${phase}` : ''} event for job ${id}`);
  return event.at;
}
