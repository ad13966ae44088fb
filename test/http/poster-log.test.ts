import { readdir, rm, stat, writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpServerHandle } from '../../src/http/server-options.ts';
import type { JobLogView, JobView, StatsView } from '../../src/service/types.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

let h: Harness;
let server: HttpServerHandle;
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { headers });

async function submit(source: string): Promise<JobView> {
  const res = await fetch(`${server.url}/api/v1/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ source, profile: 'live-qlab' }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as JobView;
}

/** Width, height and codec of an image, read back with ffprobe. */
async function imageInfo(bytes: ArrayBuffer): Promise<{ width: number; height: number; codec: string }> {
  const file = h.dir.join(`probe-${Math.random().toString(36).slice(2)}.img`);
  await writeFile(file, new Uint8Array(bytes));
  const { stdout } = await execa('ffprobe', [
    ...['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height,codec_name'],
    ...['-of', 'json', file],
  ]);
  const s = (JSON.parse(stdout) as { streams: { width: number; height: number; codec_name: string }[] })
    .streams[0];
  return { width: s.width, height: s.height, codec: s.codec_name };
}

const posterDir = () => h.dir.join('data', 'posters');

beforeAll(async () => {
  h = await createHarness();
  server = await h.listen();
  // Paused: jobs stay pending, so the poster comes from the source and nothing competes with it.
  await fetch(`${server.url}/api/v1/queue/pause`, { method: 'POST' });
});
afterAll(() => h.close());

describe('GET /api/v1/jobs/{id}/poster', () => {
  it('is a JPEG at most 320 px wide with the clip aspect, made once and then revalidated with 304', async () => {
    const job = await submit(await h.clip('wide.mov', { seconds: 2, width: 640, height: 360 }));
    const res = await get(`/api/v1/jobs/${job.id}/poster`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const image = await imageInfo(await res.arrayBuffer());
    expect(image).toMatchObject({ codec: 'mjpeg', width: 320, height: 180 });

    const files = await readdir(posterDir());
    expect(files.filter((f) => f.endsWith('.jpg'))).toHaveLength(1);
    const made = (await stat(h.dir.join('data', 'posters', files[0]!))).mtimeMs;

    const again = await get(`/api/v1/jobs/${job.id}/poster`, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    const plain = await get(`/api/v1/jobs/${job.id}/poster`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('etag')).toBe(etag);
    // No second ffmpeg: the cached file is the one made first.
    expect(await readdir(posterDir())).toEqual(files);
    expect((await stat(h.dir.join('data', 'posters', files[0]!))).mtimeMs).toBe(made);
  });

  it('keeps a portrait clip portrait and never scales a small one up', async () => {
    const tall = await submit(await h.clip('tall.mov', { seconds: 1, width: 180, height: 320 }));
    const image = await imageInfo(await (await get(`/api/v1/jobs/${tall.id}/poster`)).arrayBuffer());
    expect(image).toMatchObject({ width: 180, height: 320 });
  });

  it('is a PNG waveform for an audio-only job', async () => {
    const job = await submit(await h.clip('tone.wav', { seconds: 2, audioOnly: true }));
    const res = await get(`/api/v1/jobs/${job.id}/poster`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const image = await imageInfo(await res.arrayBuffer());
    expect(image).toMatchObject({ codec: 'png', width: 320 });
  });

  it('answers 404 job.not_found for an unknown job', async () => {
    const res = await get('/api/v1/jobs/no-such-job/poster');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('job.not_found');
  });

  it('answers 404 poster.unavailable, naming the file, when the source is gone', async () => {
    const file = await h.clip('gone.mov', { seconds: 1 });
    const job = await submit(file);
    await rm(file);
    const res = await get(`/api/v1/jobs/${job.id}/poster`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('poster.unavailable');
    expect(error.message).toContain('gone.mov no longer exists');
  });
});

describe('GET /api/v1/jobs/{id}/log and the hourly stats', () => {
  it("serves ffmpeg's live stderr tail while a job runs and the stored tail once it completed", async () => {
    await fetch(`${server.url}/api/v1/queue/clear`, { method: 'POST' });
    const job = await submit(await h.clip('long.mov', { seconds: 6, width: 320, height: 180 }));
    const progress = h.waitFor((e) => e.type === 'job.progress' && e.data.id === job.id);
    await fetch(`${server.url}/api/v1/queue/resume`, { method: 'POST' });
    await progress;
    // Paused, so it is still running when the tail is read (ffmpeg is stopped, not killed).
    expect((await fetch(`${server.url}/api/v1/jobs/${job.id}/pause`, { method: 'POST' })).status).toBe(200);
    const live = (await (await get(`/api/v1/jobs/${job.id}/log?lines=5`)).json()) as JobLogView;
    expect(live.running).toBe(true);
    expect(live.lines.length).toBeGreaterThan(0);
    expect(live.lines.length).toBeLessThanOrEqual(5);
    const full = (await (await get(`/api/v1/jobs/${job.id}/log`)).json()) as JobLogView;
    expect(full.lines.some((line) => line.startsWith('Output #0'))).toBe(true);

    const done = h.waitFor((e) => e.type === 'job.completed' && e.data.id === job.id);
    await fetch(`${server.url}/api/v1/jobs/${job.id}/resume`, { method: 'POST' });
    await done;
    const stored = (await (await get(`/api/v1/jobs/${job.id}/log`)).json()) as JobLogView;
    expect(stored.running).toBe(false);
    expect(stored.lines.some((line) => line.startsWith('Output #0'))).toBe(true);
    // The tail is for this endpoint only: job views stay small.
    const view = (await (await get(`/api/v1/jobs/${job.id}`)).json()) as JobView;
    expect(view.result).not.toHaveProperty('stderrTail');

    const stats = (await (await get('/api/v1/stats')).json()) as StatsView;
    expect(stats.perHour).toHaveLength(24);
    const last = stats.perHour[23]!;
    expect(Date.parse(last.hour)).toBe(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    expect(last.completed).toBeGreaterThanOrEqual(1);
    expect(stats.perHour.reduce((n, hour) => n + hour.completed, 0)).toBe(stats.perStatus.completed);
  });

  it('answers 404 for an unknown job and 422 for a bad line count', async () => {
    expect((await get('/api/v1/jobs/nope/log')).status).toBe(404);
    expect((await get('/api/v1/jobs/nope/log?lines=0')).status).toBe(422);
  });
});
