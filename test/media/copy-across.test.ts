import { existsSync, readdirSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, open, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BvpError } from '../../src/errors.ts';
import { copyAcross } from '../../src/media/copy-across.ts';
import { applySourceAction, finalizeOutput } from '../../src/media/finalize.ts';
import { tempPathFor } from '../../src/media/temp-name.ts';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';

/**
 * A move onto another device is a copy. These tests copy real files, either onto a real second filesystem
 * (/dev/shm, when it is one) or through the one seam a single filesystem cannot show: a hard link that fails with
 * EXDEV, as link(2) does across mounts.
 */

const BIG = 200 * 1024 * 1024;
const MiB = 1024 * 1024;

let dir: TempDir;
beforeEach(async () => {
  dir = await makeTempDir('bvp-copy-');
});
afterEach(async () => {
  await dir.cleanup();
});

// The real link would succeed here; the destination only pretends to be another device.
const crossDeviceLink = async (from: string, to: string): Promise<void> => {
  throw Object.assign(new Error(`EXDEV: cross-device link not permitted, link '${from}' -> '${to}'`), {
    code: 'EXDEV',
  });
};

/** A sparse file of `bytes`: generated at once, read back as zeros at memory speed. */
async function sparse(file: string, bytes: number): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  const handle = await open(file, 'w');
  await handle.truncate(bytes);
  await handle.close();
  return file;
}

/**
 * Aborts `controller` as soon as a staged copy in `folder` holds `atBytes`, and records the largest size the copy
 * ever reached, checked on every turn of the event loop (the copy needs hundreds of turns, one per chunk).
 */
function abortMidCopy(folder: string, controller: AbortController, atBytes: number) {
  const seen = { atAbort: 0, largest: 0 };
  let stop = false;
  const look = () => {
    if (stop) return;
    for (const name of readdirSync(folder)) {
      if (!name.includes('.bvp-tmp-copy-')) continue;
      const size = statSync(path.join(folder, name), { throwIfNoEntry: false })?.size ?? 0;
      seen.largest = Math.max(seen.largest, size);
      if (!controller.signal.aborted && size >= atBytes) {
        seen.atAbort = size;
        controller.abort(new Error('stop now'));
      }
    }
    setImmediate(look);
  };
  setImmediate(look);
  return { seen, done: () => (stop = true) };
}

async function expectCancelledMidCopy(outFolder: string, run: (signal: AbortSignal) => Promise<unknown>) {
  const controller = new AbortController();
  const watch = abortMidCopy(outFolder, controller, 8 * MiB);
  const error = await run(controller.signal).catch((e: unknown) => e);
  watch.done();
  expect(error).toBeInstanceOf(BvpError);
  expect((error as BvpError).code).toBe('ffmpeg.cancelled');
  expect(controller.signal.aborted).toBe(true);
  // Prompt: it stopped within a few chunks of the abort, far from the end of the 200 MB.
  expect(watch.seen.largest).toBeLessThan(watch.seen.atAbort + 16 * MiB);
  // Nothing is left in the destination: no final name, no partial staged copy.
  expect(await readdir(outFolder)).toEqual([]);
}

describe('finalizeOutput onto another device', () => {
  it('copies, flushes and links the output under its name; the temp file goes', async () => {
    const outputPath = dir.join('out', 'show.mov');
    const tempPath = tempPathFor(outputPath, 'job1');
    await mkdir(path.dirname(outputPath), { recursive: true });
    await writeFile(tempPath, 'verified master');
    const placed = await finalizeOutput({ tempPath, outputPath, collision: 'suffix', link: crossDeviceLink });
    expect(placed).toBe(outputPath);
    expect(await readFile(outputPath, 'utf8')).toBe('verified master');
    expect(await readdir(dir.join('out'))).toEqual(['show.mov']);
  });

  it('copies once and keeps trying names without clobbering under suffix; fail leaves everything as it was', async () => {
    const outputPath = dir.join('out', 'show.mov');
    await mkdir(path.dirname(outputPath), { recursive: true });
    await writeFile(outputPath, 'old');
    await writeFile(dir.join('out', 'show-1.mov'), 'old 1');
    const first = tempPathFor(outputPath, 'a');
    await writeFile(first, 'a');
    expect(
      await finalizeOutput({ tempPath: first, outputPath, collision: 'suffix', link: crossDeviceLink }),
    ).toBe(dir.join('out', 'show-2.mov'));
    expect(await readFile(dir.join('out', 'show-2.mov'), 'utf8')).toBe('a');

    const second = tempPathFor(outputPath, 'b');
    await writeFile(second, 'b');
    const error = await finalizeOutput({
      tempPath: second,
      outputPath,
      collision: 'fail',
      link: crossDeviceLink,
    }).catch((e: unknown) => e);
    expect((error as BvpError).code).toBe('output.exists');
    expect(await readFile(outputPath, 'utf8')).toBe('old');
    // The temp file stays for the caller; the copy made on the other side is gone.
    expect((await readdir(dir.join('out'))).sort()).toEqual(
      [path.basename(second), 'show-1.mov', 'show-2.mov', 'show.mov'].sort(),
    );
  });

  it('stops a 200 MB copy promptly when aborted: no partial file anywhere, the temp file left for the caller', async () => {
    const outFolder = dir.join('out');
    const outputPath = path.join(outFolder, 'master.mov');
    // The temp file lives elsewhere here, so the output folder holds only what the copy writes.
    const tempPath = await sparse(dir.join('tmp', '.master.bvp-tmp-job1.mov'), BIG);
    await mkdir(outFolder, { recursive: true });
    await expectCancelledMidCopy(outFolder, (signal) =>
      finalizeOutput({ tempPath, outputPath, collision: 'suffix', link: crossDeviceLink, signal }),
    );
    expect(statSync(tempPath).size).toBe(BIG);
  });

  it('does not start a copy when already aborted', async () => {
    const outputPath = dir.join('out', 'show.mov');
    const tempPath = tempPathFor(outputPath, 'job1');
    await mkdir(path.dirname(outputPath), { recursive: true });
    await writeFile(tempPath, 'x');
    const error = await finalizeOutput({
      tempPath,
      outputPath,
      collision: 'suffix',
      link: crossDeviceLink,
      signal: AbortSignal.abort(),
    }).catch((e: unknown) => e);
    expect((error as BvpError).code).toBe('ffmpeg.cancelled');
    expect(await readdir(dir.join('out'))).toEqual([path.basename(tempPath)]);
  });

  it('copyAcross stages a full copy under a hidden temp name beside the wanted one', async () => {
    const near = dir.join('out', 'show.mov');
    await mkdir(path.dirname(near), { recursive: true });
    const source = await sparse(dir.join('src.mov'), MiB);
    await chmod(source, 0o640);
    await utimes(source, new Date('2026-01-02T03:04:05Z'), new Date('2026-01-02T03:04:05Z'));
    const staged = await copyAcross(source, near);
    expect(path.dirname(staged)).toBe(path.dirname(near));
    expect(statSync(staged).size).toBe(MiB);
    // Mode and modification time come along, as a rename (or mv across devices) keeps them.
    expect(statSync(staged).mode & 0o777).toBe(0o640);
    expect(statSync(staged).mtimeMs).toBe(statSync(source).mtimeMs);
    expect(path.basename(staged)).toMatch(/^\.show\.bvp-tmp-copy-[0-9a-f]+\.mov$/);
  });
});

const shm = '/dev/shm';
const realCrossDevice = existsSync(shm) && statSync(shm).dev !== statSync(tmpdir()).dev;

describe.skipIf(!realCrossDevice)('a real second filesystem (/dev/shm)', () => {
  let other: string;
  beforeEach(async () => {
    other = await mkdtemp(path.join(shm, 'bvp-copy-'));
  });
  afterEach(async () => {
    await rm(other, { recursive: true, force: true });
  });

  it('stops moving a 200 MB source into a folder on another device when aborted; the source stays', async () => {
    const source = await sparse(dir.join('watch', 'master.mov'), BIG);
    await expectCancelledMidCopy(other, (signal) =>
      applySourceAction(source, { kind: 'move', folder: other }, { signal }),
    );
    expect(statSync(source).size).toBe(BIG);
  });

  it('finishes the move when not aborted: the whole file there, the source gone', async () => {
    const source = await sparse(dir.join('watch', 'master.mov'), BIG);
    const moved = await applySourceAction(source, { kind: 'move', folder: other }, {});
    expect(moved).toBe(path.join(other, 'master.mov'));
    expect(statSync(moved as string).size).toBe(BIG);
    expect(existsSync(source)).toBe(false);
    expect(await readdir(other)).toEqual(['master.mov']);
  });
});
