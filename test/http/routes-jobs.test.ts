import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobDetailView, JobView, QueueView } from '../../src/service/types.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

let h: Harness;
let clip: string;
let n = 0;

/** A distinct source file (a new identity) in the watch folder. */
async function source(name = `cue-${++n}.mov`): Promise<string> {
  const file = path.join(h.watchDir, name);
  await copyFile(clip, file);
  return file;
}

async function submit(body: Record<string, unknown>): Promise<JobView> {
  const res = await h.call('POST', '/api/v1/jobs', { profile: 'live-qlab', ...body });
  expect(res.status).toBe(201);
  return (await res.json()) as JobView;
}

async function errorOf(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return ((await res.json()) as { error: { code: string; message: string; details: unknown } }).error;
}

beforeAll(async () => {
  h = await createHarness();
  clip = await h.clip('master.mov', { seconds: 2 });
  // Paused: submitted jobs stay pending, so each test controls what runs.
  expect((await h.call('POST', '/api/v1/queue/pause')).status).toBe(200);
});
afterAll(() => h.close());

describe('POST /api/v1/jobs', () => {
  it('queues a file from a watch folder, with the output from the folder rules and a Location', async () => {
    const file = await source('act1 opening.mov');
    const res = await h.call('POST', '/api/v1/jobs', { source: file, profile: 'live-qlab', priority: 5 });
    expect(res.status).toBe(201);
    const job = (await res.json()) as JobView;
    expect(res.headers.get('location')).toBe(`/api/v1/jobs/${job.id}`);
    expect(job).toMatchObject({ status: 'pending', profile: 'live-qlab', priority: 5, origin: 'api' });
    expect(job.source.path).toBe(file);
    expect(job.outputPath).toBe(path.join(h.outputDir, 'act1 opening.mov'));
    const detail = (await (await h.call('GET', `/api/v1/jobs/${job.id}`)).json()) as JobDetailView;
    expect(detail.sourceAction).toEqual({ kind: 'keep' });
    expect(detail.profileSettings.name).toBe('live-qlab');
    expect(detail.timeline.map((e) => e.type)).toContain('created');
  });

  it('answers 422 with the path of every invalid field', async () => {
    const res = await h.call('POST', '/api/v1/jobs', { source: '', priority: 'high', colour: 'red' });
    expect(res.status).toBe(422);
    const error = await errorOf(res);
    expect(error.code).toBe('request.invalid');
    const paths = (error.details as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['source', 'profile', 'priority', 'colour']));
  });

  it('answers 400 for malformed JSON and 415 for a body that is not JSON', async () => {
    const bad = await h.call('POST', '/api/v1/jobs', '{"source": ', { 'content-type': 'application/json' });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).code).toBe('request.malformed');
    const text = await h.call('POST', '/api/v1/jobs', 'source=x', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
  });

  it('answers 413 for a body over the limit', async () => {
    const res = await h.call('POST', '/api/v1/jobs', { source: 'x'.repeat(1_100_000), profile: 'live-qlab' });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe('request.too_large');
  });

  it('refuses a source outside the watch folders', async () => {
    const res = await h.call('POST', '/api/v1/jobs', { source: '/etc/passwd', profile: 'live-qlab' });
    expect(res.status).toBe(422);
    const error = await errorOf(res);
    expect((error.details as { issues: { path: string }[] }).issues[0].path).toBe('source');
  });

  it('maps service refusals: missing source 422, unknown profile 422, duplicate 409', async () => {
    const missing = await h.call('POST', '/api/v1/jobs', {
      source: `${h.watchDir}/nope.mov`,
      profile: 'live-qlab',
    });
    expect(missing.status).toBe(422);
    expect((await errorOf(missing)).code).toBe('input.missing');
    const file = await source();
    const unknown = await h.call('POST', '/api/v1/jobs', { source: file, profile: 'vhs' });
    expect(unknown.status).toBe(422);
    const error = await errorOf(unknown);
    expect(error.code).toBe('profile.unknown');
    expect((error.details as { known: string[] }).known).toContain('live-qlab');
    await submit({ source: file });
    const twice = await h.call('POST', '/api/v1/jobs', { source: file, profile: 'live-qlab' });
    expect(twice.status).toBe(409);
    expect((await errorOf(twice)).code).toBe('job.duplicate');
  });

  it('keeps an explicit output inside the output folder and on the profile container', async () => {
    const file = await source();
    const outside = await h.call('POST', '/api/v1/jobs', {
      source: file,
      profile: 'live-qlab',
      output: '../../x.mov',
    });
    expect(outside.status).toBe(422);
    expect((await errorOf(outside)).code).toBe('output.escape');
    const ext = await h.call('POST', '/api/v1/jobs', { source: file, profile: 'live-qlab', output: 'x.mp4' });
    expect(ext.status).toBe(422);
    const job = await submit({ source: file, output: 'act2/x.mov' });
    expect(job.outputPath).toBe(path.join(h.outputDir, 'act2', 'x.mov'));
  });
});

describe('job actions', () => {
  it('404 for an unknown job on every job route', async () => {
    for (const [method, url, body] of [
      ['GET', '/api/v1/jobs/nope', undefined],
      ['POST', '/api/v1/jobs/nope/cancel', undefined],
      ['POST', '/api/v1/jobs/nope/retry', undefined],
      ['POST', '/api/v1/jobs/nope/pause', undefined],
      ['POST', '/api/v1/jobs/nope/resume', undefined],
      ['PATCH', '/api/v1/jobs/nope', { priority: 1 }],
      ['POST', '/api/v1/jobs/nope/move', { to: 'top' }],
    ] as const) {
      const res = await h.call(method, url, body);
      expect(res.status, `${method} ${url}`).toBe(404);
      expect((await errorOf(res)).code).toBe('job.not_found');
    }
  });

  it('cancel, retry, pause and resume follow the job states, 409 otherwise', async () => {
    const job = await submit({ source: await source() });
    const resumePending = await h.call('POST', `/api/v1/jobs/${job.id}/resume`);
    expect(resumePending.status).toBe(409);
    expect((await errorOf(resumePending)).code).toBe('job.state');

    const paused = await h.call('POST', `/api/v1/jobs/${job.id}/pause`);
    expect(((await paused.json()) as JobView).status).toBe('paused');
    const resumed = await h.call('POST', `/api/v1/jobs/${job.id}/resume`);
    expect(((await resumed.json()) as JobView).status).toBe('pending');

    const retryPending = await h.call('POST', `/api/v1/jobs/${job.id}/retry`);
    expect(retryPending.status).toBe(409);

    const cancelled = await h.call('POST', `/api/v1/jobs/${job.id}/cancel`);
    expect(((await cancelled.json()) as JobView).status).toBe('cancelled');
    expect((await h.call('POST', `/api/v1/jobs/${job.id}/cancel`)).status).toBe(409);
    expect((await h.call('POST', `/api/v1/jobs/${job.id}/pause`)).status).toBe(409);

    const retried = (await (await h.call('POST', `/api/v1/jobs/${job.id}/retry`)).json()) as JobView;
    expect(retried).toMatchObject({ id: job.id, status: 'pending', attempts: job.attempts + 1 });
    await h.call('POST', `/api/v1/jobs/${job.id}/cancel`);
  });

  it('PATCH sets the priority; 422 for a bad one', async () => {
    const job = await submit({ source: await source() });
    const res = await h.call('PATCH', `/api/v1/jobs/${job.id}`, { priority: 9 });
    expect(((await res.json()) as JobView).priority).toBe(9);
    const bad = await h.call('PATCH', `/api/v1/jobs/${job.id}`, { priority: 1.5 });
    expect(bad.status).toBe(422);
    await h.call('POST', `/api/v1/jobs/${job.id}/cancel`);
  });

  it('move reorders pending jobs; before/after need a job', async () => {
    const a = await submit({ source: await source() });
    const b = await submit({ source: await source() });
    const order = async () =>
      ((await (await h.call('GET', '/api/v1/queue')).json()) as QueueView).jobs.map((j) => j.id);
    expect((await order()).indexOf(a.id)).toBeLessThan((await order()).indexOf(b.id));
    expect((await h.call('POST', `/api/v1/jobs/${b.id}/move`, { to: 'top' })).status).toBe(200);
    expect((await order()).indexOf(b.id)).toBeLessThan((await order()).indexOf(a.id));
    const missing = await h.call('POST', `/api/v1/jobs/${b.id}/move`, { to: 'after' });
    expect(missing.status).toBe(422);
    expect((await h.call('POST', `/api/v1/jobs/${b.id}/move`, { to: 'after', job: a.id })).status).toBe(200);
    expect((await order()).indexOf(a.id)).toBeLessThan((await order()).indexOf(b.id));
    await h.call('POST', `/api/v1/jobs/${a.id}/cancel`);
    await h.call('POST', `/api/v1/jobs/${b.id}/cancel`);
  });

  it('a real encode completes; a completed job refuses pause (409) and retries only as a re-run', async () => {
    const job = await submit({ source: await source() });
    const done = h.waitFor((e) => e.type === 'job.completed' && e.data.id === job.id);
    await h.call('POST', '/api/v1/queue/resume');
    await done;
    await h.call('POST', '/api/v1/queue/pause');
    const detail = (await (await h.call('GET', `/api/v1/jobs/${job.id}`)).json()) as JobDetailView;
    expect(detail.status).toBe('completed');
    expect(detail.ffmpegArgs?.length).toBeGreaterThan(0);
    expect(detail.result?.outputPath).toBe(job.outputPath);
    const pause = await h.call('POST', `/api/v1/jobs/${job.id}/pause`);
    expect(pause.status).toBe(409);
    expect((await errorOf(pause)).code).toBe('job.state');
    expect((await h.call('POST', `/api/v1/jobs/${job.id}/retry`)).status).toBe(409);
    const rerun = await h.call('POST', `/api/v1/jobs/${job.id}/retry?rerun=true`);
    expect(((await rerun.json()) as JobView).status).toBe('pending');
    await h.call('POST', `/api/v1/jobs/${job.id}/cancel`);
  });
});
