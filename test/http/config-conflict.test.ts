import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileConfigControl } from '../../src/config/control.ts';
import { type Config, loadConfig } from '../../src/config/index.ts';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';
import { configText } from './helpers/harness.ts';

let dir: TempDir | undefined;
afterEach(async () => {
  await dir?.cleanup();
  dir = undefined;
});

describe('config edits and operator saves', () => {
  it("an operator's save landing while an API edit is being made wins: the edit is refused and rolled back", async () => {
    dir = await makeTempDir('bvp-config-conflict-');
    const file = dir.join('bvp.yaml');
    await writeFile(file, configText({}));
    let current: Config = await loadConfig(file);
    const booted = current;
    const operator = configText({ concurrency: 3 });
    const applied: number[] = [];
    const control = createFileConfigControl({
      file,
      current: () => current,
      apply: async (config) => {
        applied.push(config.concurrency);
        // The operator saves between the service reading the file and writing it.
        if (config.concurrency === 2) await writeFile(file, operator);
        current = config;
      },
    });
    await expect(control.patch({ concurrency: 2 })).rejects.toMatchObject({ code: 'config.conflict' });
    expect(await readFile(file, 'utf8')).toBe(operator);
    // Applied, then rolled back to what ran before; the operator's text is the watcher's to apply.
    expect(applied).toEqual([2, 1]);
    expect(current).toBe(booted);
  });
});
