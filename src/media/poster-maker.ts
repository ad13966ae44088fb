import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SourceIdentity } from '../../machines/types.ts';
import { BvpError, isBvpError } from '../errors.ts';
import { audioStreams, videoStreams } from './media-info.ts';
import { posterFrameArgs, posterTime, waveformArgs } from './poster-args.ts';
import { type CachedPoster, posterFile, posterKey, readCachedPoster } from './poster-cache.ts';
import { runPosterFfmpeg } from './poster-run.ts';
import { probe } from './probe.ts';
import { listFrames } from './sequence-frames.ts';
import { statSource } from './source-stat.ts';

export interface PosterMakerOptions {
  /** Cache folder (data/posters); created on first use. */
  dir: string;
  ffmpeg: string;
  ffprobe: string;
  /** Niceness of the poster's ffmpeg (default 19, the lowest priority), so an encode always gets the CPU first. */
  niceness?: number;
  /** Prefetches waiting beyond this are dropped (made on first request instead). Default 256. */
  maxWaiting?: number;
  /** Per poster; default 60 s. */
  timeoutMs?: number;
  /** A failure is answered from memory for this long instead of running ffmpeg again. Default 30 s. */
  failureTtlMs?: number;
  now?: () => number;
}

export interface PosterRequest {
  source: SourceIdentity;
  /** Read instead when the source is gone (a completed job whose source was moved or deleted): its output. */
  fallback?: string | null;
}

export interface MadePoster {
  bytes: Uint8Array;
  contentType: 'image/jpeg' | 'image/png';
  etag: string;
}

export interface PosterMaker {
  /** The cached poster, or made now, ahead of every waiting prefetch. Throws BvpError `poster.unavailable`. */
  get(request: PosterRequest): Promise<MadePoster>;
  /** Makes the poster in the background when nothing more urgent waits; never throws. */
  prefetch(request: PosterRequest): void;
  /** How many posters ffmpeg has made (a cached one is never made twice). */
  readonly made: number;
  /** Stops the running ffmpeg and drops what waits. */
  close(): Promise<void>;
}

interface Task {
  key: string;
  request: PosterRequest;
  promise: Promise<MadePoster>;
  resolve: (poster: MadePoster) => void;
  reject: (error: unknown) => void;
}

/**
 * Poster frames off the encode path: one ffmpeg at a time, single-threaded and niced, fed by a queue where a
 * request from the dashboard overtakes prefetches. Results live in the cache folder under the source identity's
 * hash, written under a hidden temp name and renamed, so a crash never leaves half an image under a final name.
 */
export function createPosterMaker(options: PosterMakerOptions): PosterMaker {
  const now = options.now ?? Date.now;
  const maxWaiting = options.maxWaiting ?? 256;
  const failureTtlMs = options.failureTtlMs ?? 30_000;
  const controller = new AbortController();
  const tasks = new Map<string, Task>();
  const waiting: Task[] = [];
  const failures = new Map<string, { error: unknown; at: number }>();
  let current: Promise<void> | null = null;
  let made = 0;
  let closed = false;

  const enqueue = (request: PosterRequest, urgent: boolean): Task | null => {
    const key = posterKey(request.source);
    const known = tasks.get(key);
    if (known) {
      const at = waiting.indexOf(known);
      if (urgent && at > 0) waiting.unshift(...waiting.splice(at, 1));
      return known;
    }
    if (!urgent && waiting.length >= maxWaiting) return null;
    let resolve: Task['resolve'] = () => {};
    let reject: Task['reject'] = () => {};
    const promise = new Promise<MadePoster>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const task: Task = { key, request, promise, resolve, reject };
    tasks.set(key, task);
    if (urgent) waiting.unshift(task);
    else waiting.push(task);
    pump();
    return task;
  };

  const pump = (): void => {
    if (current || closed) return;
    const task = waiting.shift();
    if (!task) return;
    current = (async () => {
      try {
        task.resolve(await make(task.key, task.request));
      } catch (error) {
        failures.set(task.key, { error, at: now() });
        task.reject(error);
      } finally {
        tasks.delete(task.key);
        current = null;
        pump();
      }
    })();
  };

  const make = async (key: string, request: PosterRequest): Promise<MadePoster> => {
    const cached = await readCachedPoster(options.dir, key);
    if (cached) return toMade(cached.poster, cached.bytes);
    const input = await pickInput(request);
    const info = await probe(input, { ffprobe: options.ffprobe, signal: controller.signal }).catch(
      (error: unknown) => {
        throw unavailable(request, `ffprobe cannot read ${input}: ${messageOf(error)}`);
      },
    );
    const video = videoStreams(info)[0];
    if (!video && audioStreams(info).length === 0)
      throw unavailable(request, `${input} has no audio or video`);
    const target = posterFile(options.dir, key, video ? 'frame' : 'waveform');
    await mkdir(options.dir, { recursive: true });
    const temp = path.join(options.dir, `.${key}.${randomBytes(4).toString('hex')}.tmp`);
    const run = (args: string[]) =>
      runPosterFfmpeg(options.ffmpeg, args, {
        signal: controller.signal,
        niceness: options.niceness ?? 19,
        timeoutMs: options.timeoutMs ?? 60_000,
      });
    try {
      if (video) {
        await run(posterFrameArgs(input, temp, posterTime(info.durationSeconds), video.index));
        // A duration longer than the video stream can seek past its last frame: take the first one instead.
        if (!(await nonEmpty(temp))) await run(posterFrameArgs(input, temp, 0, video.index));
      } else {
        await run(waveformArgs(input, temp));
      }
      if (!(await nonEmpty(temp))) throw unavailable(request, `ffmpeg wrote no image for ${input}`);
      await rename(temp, target.file);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => {});
      if (isBvpError(error) && error.code === 'poster.unavailable') throw error;
      throw unavailable(request, `ffmpeg could not make a poster of ${input}: ${messageOf(error)}`);
    }
    made++;
    const stored = await readCachedPoster(options.dir, key);
    if (!stored) throw unavailable(request, `the poster of ${input} vanished from ${options.dir}`);
    return toMade(stored.poster, stored.bytes);
  };

  return {
    async get(request) {
      if (closed) throw unavailable(request, 'the service is stopping');
      const key = posterKey(request.source);
      const cached = await readCachedPoster(options.dir, key);
      if (cached) return toMade(cached.poster, cached.bytes);
      const failed = failures.get(key);
      if (failed && now() - failed.at < failureTtlMs) throw failed.error;
      const task = enqueue(request, true);
      if (!task) throw unavailable(request, 'the poster queue is full');
      return task.promise;
    },
    prefetch(request) {
      if (closed) return;
      enqueue(request, false)?.promise.catch(() => {});
    },
    get made() {
      return made;
    },
    async close() {
      closed = true;
      controller.abort();
      for (const task of waiting.splice(0)) task.reject(unavailable(task.request, 'the service is stopping'));
      await current;
    },
  };
}

function toMade(poster: CachedPoster, bytes: Uint8Array): MadePoster {
  return { bytes, contentType: poster.contentType, etag: `"${poster.key}"` };
}

/** The source while it is still the file that was queued; else the job's output, if it exists. */
async function pickInput(request: PosterRequest): Promise<string> {
  const { source } = request;
  // An image-sequence folder counts by its frames (source-stat.ts); its poster is its middle frame.
  const current = await statSource(source.path).catch(() => null);
  if (
    current &&
    current.kind !== 'other' &&
    current.size === source.size &&
    Math.trunc(current.mtimeMs) === Math.trunc(source.mtimeMs)
  )
    return current.kind === 'sequence' ? middleFrame(source.path) : source.path;
  if (request.fallback && (await nonEmpty(request.fallback))) return request.fallback;
  throw unavailable(
    request,
    current ? `${source.path} changed since it was queued` : `${source.path} no longer exists`,
  );
}

async function middleFrame(folder: string): Promise<string> {
  const frames = await listFrames(folder);
  return path.join(folder, frames[Math.floor(frames.length / 2)]?.name ?? '');
}

async function nonEmpty(file: string): Promise<boolean> {
  const s = await stat(file).catch(() => null);
  return s?.isFile() === true && s.size > 0;
}

function unavailable(request: PosterRequest, reason: string): BvpError {
  return new BvpError('poster.unavailable', `no poster: ${reason}`, {
    details: { source: request.source.path, reason },
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
