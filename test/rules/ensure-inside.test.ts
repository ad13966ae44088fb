import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureInside } from '../../src/rules/ensure-inside.ts';

describe('ensureInside', () => {
  let root: string;
  let out: string;
  let outside: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'bvp-inside-'));
    out = join(root, 'out');
    outside = join(root, 'elsewhere');
    await mkdir(out);
    await mkdir(outside);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('accepts a path inside the output folder, even below folders that do not exist yet', async () => {
    expect(await ensureInside(out, join(out, 'act1', 'new', 'clip.mov'))).toEqual({
      ok: true,
      path: join(out, 'act1', 'new', 'clip.mov'),
    });
  });

  it('rejects a symlinked folder that leads outside (#13)', async () => {
    await symlink(outside, join(out, 'masters'));
    const result = await ensureInside(out, join(out, 'masters', 'clip.mov'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('output.escape');
    expect(!result.ok && result.error.message).toMatch(/through a symbolic link/);
  });

  it('rejects an existing output name that is a symlink to a file outside', async () => {
    await symlink(join(outside, 'passwd'), join(out, 'clip.mov'));
    // A dangling link: realpath fails with ENOENT, so the check climbs to the folder; the link itself is the
    // final name, which rename replaces rather than follows, so this is allowed.
    expect((await ensureInside(out, join(out, 'clip.mov'))).ok).toBe(true);
    await mkdir(join(outside, 'dir'));
    await symlink(join(outside, 'dir'), join(out, 'linked'));
    expect((await ensureInside(out, join(out, 'linked'))).ok).toBe(false);
  });

  it('accepts an output folder that is itself reached through a symlink', async () => {
    await symlink(out, join(root, 'out-link'));
    expect((await ensureInside(join(root, 'out-link'), join(root, 'out-link', 'a', 'clip.mov'))).ok).toBe(
      true,
    );
  });

  it('rejects lexical escapes and the folder itself', async () => {
    expect((await ensureInside(out, join(out, '..', 'elsewhere', 'x.mov'))).ok).toBe(false);
    expect((await ensureInside(out, out)).ok).toBe(false);
  });
});
