/**
 * Poster frames (issue 11): what one costs, and whether making them slows the encodes they run beside. Posters are
 * made by one niced, single-threaded ffmpeg at a time; `bvp serve` makes each job's poster when it is queued, so the
 * worst case is a batch dropped at once while the first job encodes.
 */
import { copyFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createPosterMaker } from '../../src/media/poster-maker.ts';
import { createService } from '../../src/service/service.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { type BenchResult, resultOf, runIfMain } from './bench-result.ts';
import { epochMs } from './service-batch.ts';

const POSTER_CLIPS = 10;
const ROUNDS = 4;
const BATCH = 3;
const PROFILE = 'live-qlab';

async function copies(dir: TempDir, source: string, folder: string, count: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = dir.join(`${folder}-${String(i).padStart(2, '0')}.mov`);
    await copyFile(source, file);
    out.push(file);
  }
  return out;
}

/** A batch dropped on a running queue (concurrency 1): submit → last job.completed, ms. */
async function batch(dir: TempDir, clips: string[], name: string, prefetch: boolean): Promise<number> {
  const work = dir.join(name);
  const service = createService({
    storePath: path.join(work, 'bvp.db'),
    ffmpeg: 'ffmpeg',
    ffprobe: 'ffprobe',
    outputDir: path.join(work, 'out'),
    concurrency: 1,
    posters: { dir: path.join(work, 'posters'), prefetch },
  });
  try {
    let left = clips.length;
    let failed: unknown = null;
    const done = new Promise<void>((resolve) => {
      service.subscribe((event) => {
        if (event.type === 'job.failed') failed = event.data;
        if (event.type === 'job.completed' || event.type === 'job.failed') if (--left === 0) resolve();
      });
    });
    const start = epochMs();
    for (const source of clips) await service.submit({ source, profile: PROFILE, origin: 'bench' });
    await done;
    if (failed) throw new Error(`a bench job failed: ${JSON.stringify(failed)}`);
    return epochMs() - start;
  } finally {
    await service.stop({ graceSeconds: 0 });
  }
}

export async function run(): Promise<BenchResult[]> {
  const dir = await makeTempDir('bvp-poster-bench-');
  try {
    const master = await makeClip(dir.join('master.mov'), { seconds: 4, width: 640, height: 360 });

    const maker = createPosterMaker({ dir: dir.join('posters'), ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' });
    const cold: number[] = [];
    const cached: number[] = [];
    for (const file of await copies(dir, master, 'poster', POSTER_CLIPS)) {
      const { size, mtimeMs } = await stat(file);
      const source = { path: file, size, mtimeMs };
      let t = epochMs();
      await maker.get({ source });
      cold.push(epochMs() - t);
      t = epochMs();
      await maker.get({ source });
      cached.push(epochMs() - t);
    }
    await maker.close();

    const ratios: number[] = [];
    const withPosters: number[] = [];
    const without: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const steps = [
        async () => {
          const ms = await batch(dir, await copies(dir, master, `on-${r}`, BATCH), `on-${r}`, true);
          withPosters.push(ms);
        },
        async () => {
          const ms = await batch(dir, await copies(dir, master, `off-${r}`, BATCH), `off-${r}`, false);
          without.push(ms);
        },
      ];
      // Alternating the order, so a load change on the shared machine does not always favour one side.
      for (const step of r % 2 ? steps.reverse() : steps) await step();
      ratios.push(withPosters[r]! / without[r]!);
    }

    const setup = `4 s 640x360 mpeg4 clips; the poster's ffmpeg runs single-threaded at nice 19, one at a time.`;
    return [
      resultOf(
        {
          id: 'poster.cost',
          issue: 11,
          name: 'Poster frame per clip, not cached (ffprobe + ffmpeg seek, scale, JPEG)',
          unit: 'ms',
          target: null,
          note: `${POSTER_CLIPS} distinct clips, one after another. ${setup}`,
        },
        cold,
      ),
      resultOf(
        {
          id: 'poster.cached',
          issue: 11,
          name: 'Poster frame per clip, cached (read from data/posters)',
          unit: 'ms',
          target: null,
        },
        cached,
      ),
      resultOf(
        {
          id: 'poster.encode-ratio',
          issue: 11,
          name: `Batch wall time with posters made on queue ÷ without (concurrency 1, ${BATCH} jobs)`,
          unit: 'x',
          target: { stat: 'median', op: '<=', value: 1.05 },
          note: `${ROUNDS} rounds; ${BATCH} clips submitted to a running queue at once, ${PROFILE}, so every poster is made while the first job encodes. ${setup} 1.05 is the noise floor of this shared machine, i.e. "no measurable slowdown".`,
        },
        ratios,
      ),
      resultOf(
        {
          id: 'poster.batch-with',
          issue: 11,
          name: `Batch of ${BATCH} jobs with posters made on queue`,
          unit: 'ms',
          target: null,
        },
        withPosters,
      ),
      resultOf(
        {
          id: 'poster.batch-without',
          issue: 11,
          name: `Batch of ${BATCH} jobs without posters`,
          unit: 'ms',
          target: null,
        },
        without,
      ),
    ];
  } finally {
    await dir.cleanup();
  }
}

await runIfMain(import.meta.url, run);
