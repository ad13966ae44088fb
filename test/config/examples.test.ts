import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const examples = (await readdir(join(ROOT, 'config', 'examples'))).filter((f) => f.endsWith('.yaml'));

describe('shipped configs', () => {
  it('default.yaml is valid and points at ./watch, ./output and ./data of the repository', async () => {
    const config = await loadConfig(join(ROOT, 'config', 'default.yaml'));
    expect(config.watch.map((w) => w.path)).toEqual([join(ROOT, 'watch')]);
    expect(config.output).toBe(join(ROOT, 'output'));
    expect(config.data).toBe(join(ROOT, 'data'));
    expect(config.api).toMatchObject({ host: '127.0.0.1', port: 8080 });
    expect(config.source_action).toEqual({ kind: 'keep' });
  });

  it('ships the two documented examples', () => {
    expect(examples.sort()).toEqual(expect.arrayContaining(['linux-live.yaml', 'theatre-qlab.yaml']));
  });

  // The original's examples named profiles that did not exist: ours are loaded and checked.
  it.each(examples)('examples/%s is valid', async (name) => {
    await expect(loadConfig(join(ROOT, 'config', 'examples', name))).resolves.toBeDefined();
  });
});
