import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.ts';

describe('bvp', () => {
  it('refuses an unknown command with exit code 2', async () => {
    expect(await runCli(['frobnicate'])).toBe(2);
  });
});
