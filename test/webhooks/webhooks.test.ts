import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookConfig } from '../../src/config/webhooks-schema.ts';
import { openStore } from '../../src/store/index.ts';
import { createWebhooks, type Webhooks } from '../../src/webhooks/webhooks.ts';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';
import { jobViewFixture } from '../helpers/job-view.ts';
import { startReceiver, verifySignature } from './receiver.ts';

const SECRET = 'webhook-secret-0123456789';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** A migrated store file and webhooks on it, fast retries. */
async function setup(hooks: () => WebhookConfig[]): Promise<{ dir: TempDir; webhooks: Webhooks }> {
  const dir = await makeTempDir('bvp-webhooks-');
  cleanups.push(() => dir.cleanup());
  openStore(dir.join('bvp.db'), { synchronous: 'normal' }).close();
  const webhooks = createWebhooks({
    storeFile: dir.join('bvp.db'),
    webhooks: hooks,
    backoff: { baseMs: 50, maxMs: 200, maxAttempts: 3 },
  });
  cleanups.push(() => webhooks.close());
  return { dir, webhooks };
}

const progress = { percent: 50, fps: null, speed: null, etaSeconds: null, outTimeSeconds: 1 };
const completedA = {
  id: 'a',
  status: 'completed' as const,
  result: null,
  job: jobViewFixture({ id: 'a', status: 'completed' }),
};

describe('webhook deliveries', () => {
  it('POSTs matching events as signed JSON with a delivery id, and retries after a 500', async () => {
    const receiver = await startReceiver((n) => (n === 1 ? 500 : 200));
    cleanups.push(() => receiver.close());
    const { webhooks } = await setup(() => [{ url: receiver.url, events: ['job.*'], secret: SECRET }]);

    webhooks.publish({ type: 'queue.paused', at: 1, data: {} });
    webhooks.publish({ type: 'job.progress', at: 2, data: { id: 'a', status: 'running', progress } });
    webhooks.publish({ type: 'job.completed', at: 3, data: completedA });
    await receiver.waitFor(2);

    const [first, second] = receiver.received;
    expect(first!.body).toBe(second!.body);
    expect(first!.headers['x-bvp-delivery']).toBe(second!.headers['x-bvp-delivery']);
    expect(first!.headers['x-bvp-event']).toBe('job.completed');
    expect(first!.headers['content-type']).toBe('application/json');
    expect(verifySignature(SECRET, second!.body, second!.headers['x-bvp-signature'])).toBe(true);
    expect(verifySignature('another-secret-0123456', second!.body, second!.headers['x-bvp-signature'])).toBe(
      false,
    );
    const payload = JSON.parse(second!.body) as { id: string; type: string; at: number; data: unknown };
    expect(payload).toEqual({
      id: first!.headers['x-bvp-delivery'],
      type: 'job.completed',
      at: 3,
      data: completedA,
    });

    // Neither queue.paused (not matched) nor job.progress (globs leave it out) was sent.
    const [delivery] = webhooks.list();
    expect(webhooks.list()).toHaveLength(1);
    await expect.poll(() => webhooks.list()[0]!.status).toBe('delivered');
    expect(webhooks.list()[0]).toMatchObject({
      id: delivery!.id,
      attempts: 2,
      lastStatus: 200,
      lastError: null,
    });
  });

  it('gives a delivery up as failed after the configured attempts, without holding another endpoint', async () => {
    const failing = await startReceiver(() => 503);
    const healthy = await startReceiver();
    cleanups.push(
      () => failing.close(),
      () => healthy.close(),
    );
    const { webhooks } = await setup(() => [
      { url: failing.url, events: ['*'], secret: SECRET },
      { url: healthy.url, events: ['*'], secret: SECRET },
    ]);
    const ids = webhooks.sendTest();
    expect(ids).toHaveLength(2);
    await healthy.waitFor(1);
    await failing.waitFor(3);
    await expect.poll(() => webhooks.list({ status: 'failed' }).length).toBe(1);
    expect(webhooks.list({ status: 'failed' })[0]).toMatchObject({
      url: failing.url,
      attempts: 3,
      lastStatus: 503,
    });
    expect(webhooks.list({ status: 'delivered' })[0]).toMatchObject({ url: healthy.url, attempts: 1 });
  });

  it('sends a delivery that was pending when the process stopped once it starts again', async () => {
    const receiver = await startReceiver(() => 'hang');
    cleanups.push(() => receiver.close());
    const hooks = () => [{ url: receiver.url, events: ['job.failed'], secret: SECRET }];
    const { dir, webhooks } = await setup(hooks);
    webhooks.publish({
      type: 'job.failed',
      at: 5,
      data: { id: 'b', status: 'failed', error: null, job: jobViewFixture({ id: 'b', status: 'failed' }) },
    });
    await receiver.waitFor(1);
    webhooks.close();

    receiver.setReply(() => 200);
    const again = createWebhooks({ storeFile: dir.join('bvp.db'), webhooks: hooks });
    cleanups.push(() => again.close());
    await receiver.waitFor(2);
    expect(receiver.received[1]!.headers['x-bvp-delivery']).toBe(
      receiver.received[0]!.headers['x-bvp-delivery'],
    );
    await expect.poll(() => again.list()[0]!.status).toBe('delivered');
  });
});
