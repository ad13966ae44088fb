import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyConfigPatch } from '../../src/config/apply-patch.ts';
import { saveConfigDocument } from '../../src/config/save.ts';
import { isBvpError } from '../../src/errors.ts';

const TEXT = `# Show config - do not edit during the show
watch:
  # the drop folder on the show drive
  - path: ./in
    profile: live-qlab # QLab likes ProRes
output: ./out
# one at a time: the Mac is also playing
concurrency: 1
api:
  host: 127.0.0.1 # loopback only
  port: 8080
`;

describe('applyConfigPatch', () => {
  it("keeps the operator's comments, order and untouched values", () => {
    const out = applyConfigPatch(TEXT, { concurrency: 2, api: { port: 9090 } });
    expect(out).toBe(TEXT.replace('concurrency: 1', 'concurrency: 2').replace('port: 8080', 'port: 9090'));
  });

  it('adds new keys, replaces lists and removes keys patched to null (JSON merge patch)', () => {
    const out = applyConfigPatch(TEXT, {
      collision: 'fail',
      api: { host: null, cors_origins: ['http://sm.local:8080'] },
      watch: [{ path: './in2', profile: 'live-h264' }],
    });
    expect(out).toContain('# Show config - do not edit during the show');
    expect(out).toContain('# one at a time: the Mac is also playing\nconcurrency: 1');
    expect(out).toContain('collision: fail');
    expect(out).not.toContain('host:');
    expect(out).toContain('cors_origins:\n    - http://sm.local:8080');
    expect(out).toContain('path: ./in2');
    expect(out).not.toContain('path: ./in\n');
  });

  it('keeps the comment on a value that changes type', () => {
    const out = applyConfigPatch('source_action: keep # never delete on show day\n', {
      source_action: { move: './done' },
    });
    expect(out).toContain('# never delete on show day');
    expect(out).toContain('move: ./done');
  });

  it('refuses text that is not YAML', () => {
    expect(() => applyConfigPatch('a: [1\n', { a: 1 })).toThrowError(/Cannot edit the config/);
  });
});

describe('saveConfigDocument', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bvp-save-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the patched file atomically and returns the new config', async () => {
    const file = join(dir, 'bvp.yaml');
    await writeFile(file, TEXT);
    const config = await saveConfigDocument(file, { concurrency: 3 });
    expect(config.concurrency).toBe(3);
    expect(await readFile(file, 'utf8')).toContain(
      '# one at a time: the Mac is also playing\nconcurrency: 3',
    );
    expect(await readdir(dir)).toEqual(['bvp.yaml']);
  });

  it('writes nothing when the result would be invalid, and says why (all or nothing)', async () => {
    const file = join(dir, 'bvp.yaml');
    await writeFile(file, TEXT);
    const error = await saveConfigDocument(file, { concurrency: 0, collision: 'clobber' }).catch((e) => e);
    expect(isBvpError(error) && error.code).toBe('config.invalid');
    expect((error.details as { path: string }[]).map((i) => i.path).sort()).toEqual([
      'collision',
      'concurrency',
    ]);
    expect(await readFile(file, 'utf8')).toBe(TEXT);
  });

  it('serialises concurrent saves of one file so neither edit is lost', async () => {
    const file = join(dir, 'bvp.yaml');
    await writeFile(file, TEXT);
    await Promise.all([
      saveConfigDocument(file, { concurrency: 2 }),
      saveConfigDocument(file, { collision: 'fail' }),
    ]);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('concurrency: 2');
    expect(text).toContain('collision: fail');
  });

  it('reports a missing file as config.io', async () => {
    const error = await saveConfigDocument(join(dir, 'nope.yaml'), { concurrency: 2 }).catch((e) => e);
    expect(error.code).toBe('config.io');
  });
});
