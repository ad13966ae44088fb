import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBinary, resolveFfmpeg } from '../../src/media/ffmpeg-paths.ts';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';

let dir: TempDir;
/** Folders each holding a fake ffmpeg and ffprobe, standing for different installs. */
let configDir: string;
let envDir: string;
let pathDir: string;
const noBundled = async () => null;

async function fakeInstall(name: string): Promise<string> {
  const folder = dir.join(name);
  await mkdir(folder, { recursive: true });
  for (const binary of ['ffmpeg', 'ffprobe']) {
    await writeFile(path.join(folder, binary), '#!/bin/sh\necho fake\n');
    await chmod(path.join(folder, binary), 0o755);
  }
  return folder;
}

beforeAll(async () => {
  dir = await makeTempDir('bvp-paths-');
  configDir = await fakeInstall('config');
  envDir = await fakeInstall('env');
  pathDir = await fakeInstall('path');
});
afterAll(async () => {
  await dir.cleanup();
});

describe('resolveFfmpeg', () => {
  it('prefers the config path over env, PATH and the bundled package', async () => {
    const found = await resolveFfmpeg({
      ffmpeg: path.join(configDir, 'ffmpeg'),
      ffprobe: path.join(configDir, 'ffprobe'),
      env: {
        BVP_FFMPEG: path.join(envDir, 'ffmpeg'),
        BVP_FFPROBE: path.join(envDir, 'ffprobe'),
        PATH: pathDir,
      },
    });
    expect(found).toEqual({
      ffmpeg: { path: path.join(configDir, 'ffmpeg'), source: 'config' },
      ffprobe: { path: path.join(configDir, 'ffprobe'), source: 'config' },
    });
  });

  it('uses BVP_FFMPEG / BVP_FFPROBE before PATH', async () => {
    const found = await resolveFfmpeg({
      env: {
        BVP_FFMPEG: path.join(envDir, 'ffmpeg'),
        BVP_FFPROBE: path.join(envDir, 'ffprobe'),
        PATH: pathDir,
      },
    });
    expect(found.ffmpeg).toEqual({ path: path.join(envDir, 'ffmpeg'), source: 'env' });
    expect(found.ffprobe).toEqual({ path: path.join(envDir, 'ffprobe'), source: 'env' });
  });

  it('resolves each binary on its own (configured ffmpeg, ffprobe from PATH)', async () => {
    const found = await resolveFfmpeg({ ffmpeg: path.join(configDir, 'ffmpeg'), env: { PATH: pathDir } });
    expect(found.ffmpeg.source).toBe('config');
    expect(found.ffprobe).toEqual({ path: path.join(pathDir, 'ffprobe'), source: 'path' });
  });

  it('walks PATH in order, skipping empty entries, missing folders and non-executable files', async () => {
    const plain = dir.join('not-executable');
    await mkdir(plain, { recursive: true });
    await writeFile(path.join(plain, 'ffmpeg'), 'not a program');
    await chmod(path.join(plain, 'ffmpeg'), 0o644);
    const PATH = ['', dir.join('does-not-exist'), plain, pathDir, envDir].join(path.delimiter);
    const found = await resolveBinary('ffmpeg', { env: { PATH }, bundled: noBundled });
    expect(found).toEqual({ path: path.join(pathDir, 'ffmpeg'), source: 'path' });
  });

  it('falls back to the bundled npm packages when nothing else has ffmpeg', async () => {
    const found = await resolveFfmpeg({ env: { PATH: dir.join('empty') } });
    expect(found.ffmpeg.source).toBe('bundled');
    expect(found.ffmpeg.path).toContain(path.join('node_modules', '@ffmpeg-installer'));
    expect(found.ffprobe.source).toBe('bundled');
    expect(found.ffprobe.path).toContain(path.join('node_modules', '@ffprobe-installer'));
  });

  it('says ffmpeg.missing with how to fix it when nothing is found', async () => {
    const error = await resolveFfmpeg({ env: { PATH: '' }, bundled: noBundled }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ffmpeg.missing' });
    expect((error as Error).message).toMatch(/BVP_FFMPEG|BVP_FFPROBE/);
    expect((error as Error).message).toMatch(/apt install ffmpeg/);
  });

  it('mentions a bundled binary that is there but not executable', async () => {
    const plain = dir.join('bundled-plain');
    await mkdir(plain, { recursive: true });
    await writeFile(path.join(plain, 'ffprobe'), 'x');
    const error = await resolveBinary('ffprobe', {
      env: { PATH: '' },
      bundled: async () => path.join(plain, 'ffprobe'),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'ffmpeg.missing',
      message: expect.stringContaining('not executable'),
    });
  });

  it('refuses a configured path that does not exist instead of silently using PATH', async () => {
    const wrong = dir.join('typo', 'ffmpeg');
    const error = await resolveFfmpeg({ ffmpeg: wrong, env: { PATH: pathDir } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ffmpeg.missing' });
    expect((error as Error).message).toContain(wrong);
  });

  it('refuses a BVP_FFPROBE that does not exist, naming the variable and the path', async () => {
    const wrong = dir.join('nowhere', 'ffprobe');
    const error = await resolveFfmpeg({ env: { BVP_FFPROBE: wrong, PATH: pathDir } }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'ffmpeg.missing' });
    expect((error as Error).message).toContain('BVP_FFPROBE');
    expect((error as Error).message).toContain(wrong);
  });

  it('looks a bare configured name up on PATH', async () => {
    const found = await resolveBinary('ffmpeg', { ffmpeg: 'ffmpeg', env: { PATH: pathDir } });
    expect(found).toEqual({ path: path.join(pathDir, 'ffmpeg'), source: 'config' });
    await expect(
      resolveBinary('ffmpeg', { ffmpeg: 'ffmpeg-7', env: { PATH: pathDir } }),
    ).rejects.toMatchObject({
      code: 'ffmpeg.missing',
      message: expect.stringContaining('"ffmpeg-7"'),
    });
  });

  it('finds the system ffmpeg on the real PATH', async () => {
    const found = await resolveFfmpeg({ env: { PATH: process.env.PATH } });
    expect(found.ffmpeg.source).toBe('path');
    expect(path.basename(found.ffmpeg.path)).toBe('ffmpeg');
  });
});
