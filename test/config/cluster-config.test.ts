import { describe, expect, it } from 'vitest';
import { configFromText } from '../../src/config/load.ts';
import { redactConfig } from '../../src/config/redact.ts';

describe('the cluster section', () => {
  it('is optional; with it, local_worker defaults to true and the Redis password is redacted', () => {
    expect(
      configFromText('watch:\n  - path: ./watch\n    profile: live-qlab\n', '/tmp/bvp.yaml').cluster,
    ).toBeUndefined();
    const config = configFromText(
      'watch:\n  - path: ./watch\n    profile: live-qlab\ncluster:\n  redis: redis://:s3cret@show-mac.local:6379\n',
      '/tmp/bvp.yaml',
    );
    expect(config.cluster).toEqual({ redis: 'redis://:s3cret@show-mac.local:6379', local_worker: true });
    expect(redactConfig(config).cluster?.redis).toBe('redis://:***@show-mac.local:6379');
  });

  it('refuses a Redis address that is not a redis:// URL, naming the field', () => {
    expect(() =>
      configFromText(
        'watch:\n  - path: ./watch\n    profile: live-qlab\ncluster:\n  redis: show-mac.local:6379\n',
        '/tmp/bvp.yaml',
      ),
    ).toThrow(/redis:\/\/ or rediss:\/\/ URL/);
  });
});
