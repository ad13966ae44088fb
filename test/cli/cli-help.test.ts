import { describe, expect, it } from 'vitest';
import { bvp } from '../helpers/bvp.ts';

describe('bvp help', () => {
  it('lists the commands and exits 2 with no command', async () => {
    const r = await bvp([]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toContain('transcode');
  });

  it.each(['transcode', 'batch', 'analyze', 'profiles', 'doctor'])(
    'bvp %s --help exits 0 with usage',
    async (cmd) => {
      const r = await bvp([cmd, '--help']);
      expect(r.exitCode, r.all).toBe(0);
      expect(r.stdout).toContain(`bvp ${cmd}`);
    },
  );
});
