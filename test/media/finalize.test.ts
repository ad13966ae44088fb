import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BvpError } from '../../src/errors.ts';
import {
  applySourceAction,
  finalizeOutput,
  prepareOutputDir,
  removeQuietly,
} from '../../src/media/finalize.ts';
import { isTempName, TEMP_NAME_PATTERN, tempPathFor } from '../../src/media/temp-name.ts';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';

let dir: TempDir;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

async function temp(content: string, output = dir.join('out', 'show.mov')): Promise<string> {
  const file = tempPathFor(output, 'job1');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  return file;
}

const text = (file: string) => readFile(file, 'utf8');

describe('tempPathFor', () => {
  it('puts a hidden temp name beside the output, keeping the extension', () => {
    expect(tempPathFor('/out/masters/show.mov', 'job-42')).toBe('/out/masters/.show.bvp-tmp-job-42.mov');
    expect(tempPathFor('/out/noext', 'a')).toBe('/out/.noext.bvp-tmp-a');
  });

  it('makes a token safe and keeps long names under the 255-byte limit', () => {
    expect(tempPathFor('/o/a.mp4', '../x y')).toBe('/o/.a.bvp-tmp-___x_y.mp4');
    const long = `/o/${'é'.repeat(126)}.mov`;
    const name = path.basename(tempPathFor(long, 'job1'));
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(name.endsWith('.bvp-tmp-job1.mov')).toBe(true);
    expect(isTempName(name)).toBe(true);
  });

  it('is recognised by isTempName and the pattern, and real names are not', () => {
    expect(isTempName(tempPathFor('/o/show.mov', 't'))).toBe(true);
    expect(isTempName('/o/show.mov')).toBe(false);
    expect(isTempName('/o/.show.mov')).toBe(false);
    expect(isTempName('/o/show.bvp-tmp-1.mov')).toBe(false);
    expect(TEMP_NAME_PATTERN.test('.x.bvp-tmp-1.mov')).toBe(true);
  });
});

describe('finalizeOutput', () => {
  it('creates nested output folders before encoding', async () => {
    const output = dir.join('out', 'masters', '2024', 'show.mov');
    await prepareOutputDir(output);
    expect(statSync(path.dirname(output)).isDirectory()).toBe(true);
  });

  it('renames to the wanted name when it is free', async () => {
    const tempPath = await temp('new');
    const output = dir.join('out', 'show.mov');
    expect(await finalizeOutput({ tempPath, outputPath: output, collision: 'suffix' })).toBe(output);
    expect(await text(output)).toBe('new');
    expect(existsSync(tempPath)).toBe(false);
  });

  it('picks name-1, then name-2 when the name is taken, never clobbering', async () => {
    const output = dir.join('out', 'show.mov');
    await mkdir(path.dirname(output), { recursive: true });
    await writeFile(output, 'old');
    const first = await finalizeOutput({
      tempPath: await temp('a'),
      outputPath: output,
      collision: 'suffix',
    });
    const second = await finalizeOutput({
      tempPath: await temp('b'),
      outputPath: output,
      collision: 'suffix',
    });
    expect([path.basename(first), path.basename(second)]).toEqual(['show-1.mov', 'show-2.mov']);
    expect([await text(output), await text(first), await text(second)]).toEqual(['old', 'a', 'b']);
    expect((await readdir(path.dirname(output))).sort()).toEqual(['show-1.mov', 'show-2.mov', 'show.mov']);
  });

  it('gives two jobs racing for one name two different names', async () => {
    const output = dir.join('out', 'show.mov');
    const a = tempPathFor(output, 'a');
    const b = tempPathFor(output, 'b');
    await mkdir(path.dirname(output), { recursive: true });
    await Promise.all([writeFile(a, 'a'), writeFile(b, 'b')]);
    const names = await Promise.all([
      finalizeOutput({ tempPath: a, outputPath: output, collision: 'suffix' }),
      finalizeOutput({ tempPath: b, outputPath: output, collision: 'suffix' }),
    ]);
    expect(new Set(names).size).toBe(2);
    expect((await Promise.all(names.map(text))).sort()).toEqual(['a', 'b']);
  });

  it('fails with output.exists under the fail policy, leaving both files alone', async () => {
    const output = dir.join('out', 'show.mov');
    const tempPath = await temp('new');
    await writeFile(output, 'old');
    const error = await finalizeOutput({ tempPath, outputPath: output, collision: 'fail' }).catch((e) => e);
    expect(error).toBeInstanceOf(BvpError);
    expect((error as BvpError).code).toBe('output.exists');
    expect(await text(output)).toBe('old');
    expect(await text(tempPath)).toBe('new');
  });

  it('replaces the existing file under the overwrite policy', async () => {
    const output = dir.join('out', 'show.mov');
    const tempPath = await temp('new');
    await writeFile(output, 'old');
    expect(await finalizeOutput({ tempPath, outputPath: output, collision: 'overwrite' })).toBe(output);
    expect(await text(output)).toBe('new');
    expect(existsSync(tempPath)).toBe(false);
  });
});

describe('applySourceAction', () => {
  async function source(name = 'clip.mov', content = 'source'): Promise<string> {
    const file = dir.join('watch', name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
    return file;
  }

  it('keeps the source', async () => {
    const file = await source();
    expect(await applySourceAction(file, { kind: 'keep' })).toBe(file);
    expect(await text(file)).toBe('source');
  });

  it('deletes the source', async () => {
    const file = await source();
    expect(await applySourceAction(file, { kind: 'delete' })).toBeNull();
    expect(existsSync(file)).toBe(false);
  });

  it('moves the source into a folder it creates, suffixing on a collision', async () => {
    const folder = dir.join('done', 'today');
    const first = await applySourceAction(await source(), { kind: 'move', folder });
    expect(first).toBe(path.join(folder, 'clip.mov'));
    const second = await applySourceAction(await source('clip.mov', 'again'), { kind: 'move', folder });
    expect(second).toBe(path.join(folder, 'clip-1.mov'));
    expect([await text(first!), await text(second!)]).toEqual(['source', 'again']);
    expect(await readdir(dir.join('watch'))).toEqual([]);
  });

  const shm = '/dev/shm';
  const crossDevice = existsSync(shm) && statSync(shm).dev !== statSync(tmpdir()).dev;
  it.skipIf(!crossDevice)('moves across filesystems by copy, fsync and size check', async () => {
    const folder = await mkdtemp(path.join(shm, 'bvp-test-'));
    try {
      const file = await source('big.mov', 'x'.repeat(1 << 20));
      await writeFile(path.join(folder, 'big.mov'), 'taken');
      const moved = await applySourceAction(file, { kind: 'move', folder });
      expect(moved).toBe(path.join(folder, 'big-1.mov'));
      expect(statSync(moved!).size).toBe(1 << 20);
      expect(existsSync(file)).toBe(false);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('removeQuietly', () => {
  it('ignores a file that is already gone', async () => {
    await expect(removeQuietly(dir.join('nothing'))).resolves.toBeUndefined();
  });
});
