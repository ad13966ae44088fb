import { mkdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configFromText } from '../../src/config/index.ts';
import { openCollaborators } from '../../src/service/collaborators.ts';
import { createService, type Service, type ServiceOptions } from '../../src/service/service.ts';
import { createHotFolders, type HotFolders } from '../../src/watch/hot-folders.ts';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';

let dir: TempDir;
let service: Service;
let hotFolders: HotFolders;

beforeEach(async () => {
  dir = await makeTempDir('bvp-hot-close-');
  await mkdir(dir.join('a'));
  await mkdir(dir.join('b'));
  const options: ServiceOptions = {
    storePath: dir.join('bvp.db'),
    ffmpeg: dir.join('no-ffmpeg'),
    ffprobe: dir.join('no-ffprobe'),
    synchronous: 'normal',
  };
  service = createService(options, openCollaborators(options, {}));
  hotFolders = createHotFolders({ service, ffprobe: options.ffprobe });
});

afterEach(async () => {
  await hotFolders.close();
  await service.stop({ graceSeconds: 0 });
  await dir.cleanup();
});

const config = (folders: string[]) =>
  configFromText(
    `watch:\n${folders.map((f) => `  - path: ./${f}\n    profile: audio-qlab\n`).join('')}output: ./output\n`,
    dir.join('bvp.yaml'),
  );

describe('hot folders: close and apply take a signal', () => {
  it('close with an aborted signal returns at once and leaves no watcher', async () => {
    await hotFolders.apply(config(['a', 'b']));
    expect(hotFolders.status().map((s) => s.watching)).toEqual([true, true]);
    await expect(hotFolders.close(AbortSignal.abort(new Error('stop now')))).resolves.toBeUndefined();
    expect(hotFolders.status()).toEqual([]);
  });

  it('close without a signal waits for every watcher, as before', async () => {
    await hotFolders.apply(config(['a']));
    await hotFolders.close();
    expect(hotFolders.status()).toEqual([]);
  });

  it('apply rejects with the reason once its signal is aborted, and close still closes what it started', async () => {
    const controller = new AbortController();
    const applying = hotFolders.apply(config(['a', 'b']), controller.signal);
    controller.abort(new Error('stopping'));
    await expect(applying).rejects.toThrow('stopping');
    await hotFolders.close();
    expect(hotFolders.status()).toEqual([]);
  });
});
