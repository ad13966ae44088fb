import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { ConfigIssue } from '../../src/config/types.ts';
import { BvpError } from '../../src/errors.ts';

describe('loadConfig', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bvp-load-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("resolves paths against the file's folder", async () => {
    await mkdir(join(dir, 'conf'));
    await writeFile(join(dir, 'conf', 'bvp.yaml'), 'watch:\n  - path: ../in\n    profile: live-qlab\n');
    const config = await loadConfig(join(dir, 'conf', 'bvp.yaml'));
    expect(config.watch[0]!.path).toBe(join(dir, 'in'));
    expect(config.output).toBe(join(dir, 'conf', 'output'));
  });

  it('throws config.invalid with every issue as data, naming the file', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'watch:\n  - path: ./in\n    profile: nope\nconcurrency: 99\n');
    const error = await loadConfig(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BvpError);
    expect((error as BvpError).code).toBe('config.invalid');
    const issues = (error as BvpError).details as ConfigIssue[];
    expect(issues.map((i) => [i.file, i.path, i.line])).toEqual([
      [file, 'watch[0].profile', 3],
      [file, 'concurrency', 4],
    ]);
    expect((error as BvpError).message).toContain(
      `${file}:4:14  concurrency: must be between 1 and 64; got 99`,
    );
  });

  it('throws config.io for a missing file', async () => {
    const error = await loadConfig(join(dir, 'missing.yaml')).catch((e: unknown) => e);
    expect((error as BvpError).code).toBe('config.io');
    expect((error as BvpError).message).toContain('no such file');
  });
});
