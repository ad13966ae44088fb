import { mkdir, readdir } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRedisFacts } from '../../src/cluster/redis.ts';
import { isBvpError } from '../../src/errors.ts';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';
import { startTestCoordinator } from './helpers/coordinator.ts';
import { REDIS_SERVER, SKIP_REASON, startRedis, type TestRedis } from './helpers/redis.ts';

if (!REDIS_SERVER) console.warn(SKIP_REASON);

describe('the Redis check', () => {
  it('refuses a Redis older than 6.2, naming the version', () => {
    expect(() =>
      checkRedisFacts({ version: '6.0.16', maxmemoryPolicy: 'noeviction', aof: true }, 'redis://h:6379'),
    ).toThrow(/Redis 6\.0\.16 is too old; BullMQ needs 6\.2\.0/);
  });

  it('warns, without refusing, when AOF is off', () => {
    expect(
      checkRedisFacts({ version: '7.0.15', maxmemoryPolicy: 'noeviction', aof: false }, 'redis://h'),
    ).toEqual([expect.stringMatching(/AOF is off/)]);
    expect(
      checkRedisFacts({ version: '7.0.15', maxmemoryPolicy: 'noeviction', aof: true }, 'redis://h'),
    ).toEqual([]);
  });

  it('never shows the password of the Redis URL', () => {
    expect(() =>
      checkRedisFacts(
        { version: '7.0.0', maxmemoryPolicy: 'volatile-lru', aof: true },
        'redis://u:s3cret@h:6379',
      ),
    ).toThrow(/redis:\/\/u:\*\*\*@h:6379/);
  });
});

describe.skipIf(!REDIS_SERVER)('a coordinator on an evicting Redis', () => {
  let redis: TestRedis | null = null;
  let dir: TempDir | null = null;
  afterEach(async () => {
    await redis?.cleanup();
    await dir?.cleanup();
  });

  it('refuses to start with maxmemory-policy allkeys-lru, says why, and leaves no queue behind', async () => {
    redis = await startRedis(['--maxmemory-policy', 'allkeys-lru']);
    dir = await makeTempDir('bvp-cluster-lru-');
    await mkdir(dir.join('watch'));
    const error = await startTestCoordinator(dir, redis.url).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isBvpError(error) && error.code).toBe('config.invalid');
    expect(String((error as Error).message)).toMatch(
      /maxmemory-policy allkeys-lru, which evicts keys .* set "maxmemory-policy noeviction"/,
    );
    expect(await redis.client().keys('*')).toEqual([]);
    // Refused before the store was opened: nothing was recorded.
    expect(await readdir(dir.join('data')).catch(() => [])).not.toContain('bvp.db');
  });
});
