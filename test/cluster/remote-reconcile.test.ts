import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { type ClusterCommand, type EncodePayload, QUEUE_NAME } from '../../src/cluster/protocol.ts';
import { connectRedis } from '../../src/cluster/redis.ts';
import { createRemoteEncoder } from '../../src/cluster/remote-encoder.ts';
import { REDIS_SERVER, SKIP_REASON, startRedis, type TestRedis } from './helpers/redis.ts';

if (!REDIS_SERVER) console.warn(SKIP_REASON);

describe.skipIf(!REDIS_SERVER)('the remote encoder against a Redis that lost its jobs', () => {
  let redis: TestRedis | null = null;
  let queue: Queue<EncodePayload> | null = null;
  afterEach(async () => {
    await queue?.close();
    await redis?.cleanup();
    queue = null;
    redis = null;
  });

  it('reconciles piled up while Redis was down queue the encode again once, not once per round', async () => {
    redis = await startRedis();
    queue = new Queue<EncodePayload>(QUEUE_NAME, { connection: connectRedis(redis.url, 'test-queue') });
    const commands: ClusterCommand[] = [];
    const requeued: string[] = [];
    const remote = createRemoteEncoder({
      queue,
      command: (c) => commands.push(c),
      onRequeued: (_jobId, bullId) => requeued.push(bullId),
    });
    const run = remote.encoder({
      job: { id: 'job-a', attempt: 1, tempPath: '/out/.a.bvp-tmp-job-a-1-000000.mov' },
      ffmpeg: 'ffmpeg',
      args: ['-i', 'a.mov', '/out/.a.bvp-tmp-job-a-1-000000.mov'],
      durationSeconds: 4,
    });
    run.done.catch(() => {});
    // The encoder marks the handle queued once its add returned; until then a reconcile leaves it alone.
    let state = '';
    for (let i = 0; i < 200 && state !== 'waiting'; i++) {
      state = await queue.getJobState('job-a-1');
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(state).toBe('waiting');

    // Redis goes away: every round of the coordinator's timer asks about the same encode, and each answer waits.
    await redis.stop();
    const rounds = [1, 2, 3, 4].map(() => remote.reconcile('job-a-1'));
    await new Promise((r) => setTimeout(r, 300));
    await redis.restart();
    await Promise.all(rounds);
    // Later rounds see the requeued encode (under its new id) and leave it be.
    for (const id of remote.inFlight()) await remote.reconcile(id);

    expect(requeued).toEqual(['job-a-1.r1']);
    expect(remote.inFlight()).toEqual(['job-a-1.r1']);
    const onRedis = (await queue.getJobs(['waiting', 'active', 'delayed'])).map((j) => j.id);
    expect(onRedis).toEqual(['job-a-1.r1']);
    expect(commands).toEqual([{ type: 'cancel', jobId: 'job-a-1' }]);
    run.cancel();
  }, 60_000);
});
