import { describe, expect, it } from 'vitest';
import { BvpError } from '../../../src/errors.ts';
import { checkBindSafety, isLoopbackHost } from '../../../src/http/security/bind-safety.ts';

describe('bind safety', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])(
    '%s is loopback',
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
      expect(() => checkBindSafety(host, undefined)).not.toThrow();
    },
  );

  it.each(['0.0.0.0', '::', '192.168.1.20', 'show-mac.local', '10.0.0.1'])(
    'refuses %s without a token, saying why',
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
      let error: unknown;
      try {
        checkBindSafety(host, '  ');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(BvpError);
      expect((error as BvpError).code).toBe('config.invalid');
      expect((error as BvpError).message).toContain(host);
      expect((error as BvpError).message).toContain('api.token');
    },
  );

  it('refuses a short token beyond loopback and accepts a long one', () => {
    expect(() => checkBindSafety('0.0.0.0', 'short')).toThrow(/shorter than 16/);
    expect(() => checkBindSafety('0.0.0.0', 'a-long-enough-token-123')).not.toThrow();
  });
});
