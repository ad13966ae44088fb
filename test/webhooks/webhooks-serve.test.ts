import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startBulletproof } from '../../src/app.ts';
import { startHttpServer } from '../../src/runtime/node.ts';
import type { ServiceEvent } from '../../src/service/types.ts';
import { bvp } from '../helpers/bvp.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';
import { pollUntil } from '../integration/helpers/harness.ts';
import { startReceiver, verifySignature } from './receiver.ts';

const SECRET = 'webhook-secret-0123456789';
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function layout(url: string): Promise<TempDir> {
  const dir = await makeTempDir('bvp-webhooks-serve-');
  cleanups.push(() => dir.cleanup());
  await mkdir(dir.join('watch'));
  await writeFile(
    dir.join('bvp.yaml'),
    stringify({
      watch: [{ path: './watch', profile: 'live-qlab', stable_seconds: 1, poll_interval: 1 }],
      output: './output',
      data: './data',
      webhooks: [{ url, events: ['job.completed'], secret: SECRET, timeout_seconds: 300 }],
    }),
  );
  await makeClip(dir.join('clip.mov'), { seconds: 1 });
  return dir;
}

/** Copied beside the folder, then renamed in: the watcher sees the file whole. */
async function drop(dir: TempDir, name: string): Promise<void> {
  await copyFile(dir.join('clip.mov'), dir.join(`staged-${name}`));
  await rename(dir.join(`staged-${name}`), dir.join('watch', name));
}

describe('webhooks in a running service', () => {
  it('an endpoint that never answers does not delay the next job', async () => {
    const receiver = await startReceiver(() => 'hang');
    cleanups.push(() => receiver.close());
    const dir = await layout(receiver.url);
    const app = await startBulletproof({
      configFile: dir.join('bvp.yaml'),
      watchConfig: false,
      startHttp: startHttpServer,
      port: 0,
      log: () => {},
    });
    cleanups.push(() => app.stop());
    const completed: ServiceEvent[] = [];
    const both = new Promise<void>((resolve) => {
      app.service.subscribe((e) => {
        if (e.type === 'job.completed' && completed.push(e) === 2) resolve();
      });
    });
    await drop(dir, 'first.mov');
    await receiver.waitFor(1, 60_000);
    // The first delivery is in flight and will not be answered; the next job runs and completes all the same.
    await drop(dir, 'second.mov');
    await both;
    expect(receiver.received).toHaveLength(1);
    const deliveries = await fetchDeliveries(app.http!.url);
    expect(deliveries.map((d) => d.status)).toEqual(['pending', 'pending']);
    expect(deliveries.every((d) => d.attempts === 0)).toBe(true);
  });

  it('a delivery pending when bvp serve is killed (SIGKILL) is delivered after the restart', async () => {
    const receiver = await startReceiver(() => 'hang');
    cleanups.push(() => receiver.close());
    const dir = await layout(receiver.url);
    const serve = () => {
      const child = bvp(['serve', '--config', dir.join('bvp.yaml'), '--port', '0'], { cwd: dir.path });
      cleanups.push(() => {
        if (child.exitCode === null) child.kill('SIGKILL');
        return child;
      });
      return child;
    };
    const first = serve();
    await drop(dir, 'cue.mov');
    await receiver.waitFor(1, 90_000);
    first.kill('SIGKILL');
    await first;

    receiver.setReply(() => 200);
    const second = serve();
    await receiver.waitFor(2, 90_000);
    const [lost, resent] = receiver.received;
    expect(resent!.headers['x-bvp-delivery']).toBe(lost!.headers['x-bvp-delivery']);
    expect(resent!.body).toBe(lost!.body);
    expect(verifySignature(SECRET, resent!.body, resent!.headers['x-bvp-signature'])).toBe(true);
    expect(JSON.parse(resent!.body)).toMatchObject({ type: 'job.completed' });
    second.kill('SIGTERM');
    await pollUntil(() => second.exitCode !== null, 'bvp serve to stop');
  });
});

interface DeliveryJson {
  status: string;
  attempts: number;
  eventType: string;
}

async function fetchDeliveries(base: string): Promise<DeliveryJson[]> {
  const res = await fetch(`${base}/api/v1/webhooks/deliveries`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: DeliveryJson[] }).items;
}
