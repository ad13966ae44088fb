import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type Bulletproof, startBulletproof } from '../../src/app.ts';
import { startHttpServer } from '../../src/runtime/node.ts';
import type { ServiceEvent } from '../../src/service/types.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { connectStream } from '../http/helpers/ws-client.ts';
import { type Family, parsePrometheusText, sampleValue } from './prom-text.ts';

const TOKEN = 'metrics-test-token-0123456789';
let dir: TempDir;
let app: Bulletproof;
let base: string;

function eventually(predicate: (e: ServiceEvent) => boolean): Promise<ServiceEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for a service event')), 60_000);
    const off = app.service.subscribe((e) => {
      if (!predicate(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

async function scrape(): Promise<Map<string, Family>> {
  const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await res.text());
}

/** Copied beside the folder, then renamed in: the watcher sees the file whole. */
async function drop(from: string, name: string): Promise<void> {
  const staged = dir.join(`staged-${name}`);
  await copyFile(from, staged);
  await rename(staged, dir.join('watch', name));
}

beforeAll(async () => {
  dir = await makeTempDir('bvp-metrics-');
  await mkdir(dir.join('watch'));
  await writeFile(
    dir.join('bvp.yaml'),
    stringify({
      watch: [{ path: './watch', profile: 'live-qlab', stable_seconds: 1, poll_interval: 1 }],
      output: './output',
      data: './data',
      api: { host: '127.0.0.1', port: 8080, token: TOKEN },
    }),
  );
  app = await startBulletproof({
    configFile: dir.join('bvp.yaml'),
    startHttp: startHttpServer,
    port: 0,
    watchConfig: false,
    log: () => {},
  });
  base = app.http!.url;
});
afterAll(async () => {
  await app?.stop();
  await dir?.cleanup();
});

describe('GET /metrics', () => {
  it('needs the token like the API', async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('auth.unauthorized');
  });

  it('parses strictly as Prometheus text and its counters move with a real job and a rejected file', async () => {
    const before = await scrape();
    for (const name of [
      'bvp_jobs',
      'bvp_jobs_finished_total',
      'bvp_encode_seconds',
      'bvp_realtime_factor',
      'bvp_input_bytes_total',
      'bvp_output_bytes_total',
      'bvp_watch_events_total',
      'bvp_intake_rejections_total',
      'bvp_websocket_clients',
      'bvp_event_loop_lag_seconds',
      'bvp_store_operation_seconds',
    ]) {
      expect(before.has(name), name).toBe(true);
    }
    expect(sampleValue(before, 'bvp_jobs_finished_total', { outcome: 'completed' })).toBeUndefined();
    expect(sampleValue(before, 'bvp_jobs', { status: 'completed' })).toBe(0);

    const stream = await connectStream(base, { protocols: ['bvp.v1', `bvp.token.${TOKEN}`] });
    await stream.waitFor((m) => m.type === 'snapshot');
    const clip = await makeClip(dir.join('cue.mov'), { seconds: 1 });
    const completed = eventually((e) => e.type === 'job.completed');
    const rejected = eventually((e) => e.type === 'file.ignored');
    await drop(clip, 'cue.mov');
    await writeFile(dir.join('watch', 'empty.mov'), '');
    await Promise.all([completed, rejected]);

    const after = await scrape();
    const job = { outcome: 'completed', profile: 'live-qlab' };
    expect(sampleValue(after, 'bvp_jobs_finished_total', job)).toBe(1);
    expect(sampleValue(after, 'bvp_jobs', { status: 'completed' })).toBe(1);
    expect(sampleValue(after, 'bvp_encode_seconds_count', { profile: 'live-qlab' })).toBe(1);
    expect(sampleValue(after, 'bvp_encode_seconds_sum', { profile: 'live-qlab' })).toBeGreaterThan(0);
    expect(sampleValue(after, 'bvp_input_bytes_total', { profile: 'live-qlab' })).toBeGreaterThan(0);
    expect(sampleValue(after, 'bvp_output_bytes_total', { profile: 'live-qlab' })).toBeGreaterThan(0);
    expect(sampleValue(after, 'bvp_realtime_factor')).toBeGreaterThan(0);
    expect(sampleValue(after, 'bvp_watch_events_total', { type: 'detected' })).toBeGreaterThanOrEqual(2);
    expect(sampleValue(after, 'bvp_intake_rejections_total', { reason: 'zero_bytes' })).toBe(1);
    expect(sampleValue(after, 'bvp_websocket_clients', { stream: 'events' })).toBe(1);
    expect(
      sampleValue(after, 'bvp_store_operation_seconds_count', { operation: 'recordTransition' }),
    ).toBeGreaterThan(0);
    expect(sampleValue(after, 'bvp_event_loop_lag_seconds', { quantile: '0.99' })).toBeGreaterThanOrEqual(0);
    stream.close();
  });
});

describe('the strict parser', () => {
  it('refuses what Prometheus would refuse', () => {
    expect(() => parsePrometheusText('x 1\n')).toThrow(/no TYPE/);
    expect(() => parsePrometheusText('# TYPE x counter\nx{a=b} 1\n')).toThrow(/not quoted/);
    expect(() => parsePrometheusText('# TYPE x counter\nx one\n')).toThrow(/bad value/);
    expect(() => parsePrometheusText('# TYPE x counter\nx 1')).toThrow(/newline/);
    expect(() =>
      parsePrometheusText(
        '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
      ),
    ).toThrow(/fall/);
  });
});
