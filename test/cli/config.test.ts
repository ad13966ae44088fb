import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configCommand } from '../../src/cli/commands/config.ts';
import type { CliIo } from '../../src/cli/io.ts';

function fakeIo(cwd: string): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    env: {},
    cwd,
    signal: new AbortController().signal,
    out: () => out,
    err: () => err,
  };
}

describe('bvp config', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bvp-cli-config-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('validate: says valid and exits 0', async () => {
    await writeFile(join(dir, 'ok.yaml'), 'watch:\n  - path: ./in\n    profile: live-qlab\n');
    const io = fakeIo(dir);
    expect(await configCommand.run(['validate', 'ok.yaml'], io)).toBe(0);
    expect(io.out()).toMatch(/^valid: .*ok\.yaml \(1 watch folder, 0 rules, 0 custom profiles\)/);
  });

  it('validate: lists every problem with file:line:column and exits 1', async () => {
    await writeFile(join(dir, 'bad.yaml'), 'watch:\n  - path: ./in\n    profile: nope\nconcurency: 2\n');
    const io = fakeIo(dir);
    expect(await configCommand.run(['validate', 'bad.yaml'], io)).toBe(1);
    const file = join(dir, 'bad.yaml');
    expect(io.err()).toContain(`${file}:3:14  watch[0].profile: unknown profile "nope"`);
    expect(io.err()).toContain(
      `${file}:4:1  concurency: unknown key "concurency"; did you mean "concurrency"?`,
    );
    expect(io.err()).toContain(`2 problems in ${file}`);
  });

  it('validate: a missing file exits 1 with the reason', async () => {
    const io = fakeIo(dir);
    expect(await configCommand.run(['validate', 'missing.yaml'], io)).toBe(1);
    expect(io.err()).toMatch(/no such file/);
  });

  it('init: writes a valid commented starter, relative to the new file, and never overwrites', async () => {
    const io = fakeIo(dir);
    expect(await configCommand.run(['init', '--watch', 'drop', '--output', 'conf/bvp.yaml'], io)).toBe(0);
    const text = await readFile(join(dir, 'conf', 'bvp.yaml'), 'utf8');
    expect(text).toMatch(/^# Bulletproof config/);
    expect(parse(text).watch[0].path).toBe('../drop');
    const check = fakeIo(dir);
    expect(await configCommand.run(['validate', 'conf/bvp.yaml'], check)).toBe(0);

    const again = fakeIo(dir);
    expect(await configCommand.run(['init', '--output', 'conf/bvp.yaml'], again)).toBe(1);
    expect(again.err()).toMatch(/already exists; not overwriting/);
    expect(await readFile(join(dir, 'conf', 'bvp.yaml'), 'utf8')).toBe(text);
  });

  it('init --output - prints the starter', async () => {
    const io = fakeIo(dir);
    expect(await configCommand.run(['init', '--output', '-', '--watch', '/Volumes/Show/In'], io)).toBe(0);
    expect(parse(io.out()).watch[0].path).toBe('/Volumes/Show/In');
  });

  it('show: prints the effective config with the token hidden, as YAML or JSON', async () => {
    await mkdir(join(dir, 'config'));
    await writeFile(
      join(dir, 'config', 'default.yaml'),
      'watch:\n  - path: ../in\n    profile: live-qlab\napi:\n  token: s3cret-s3cret-s3cret\n',
    );
    const yaml = fakeIo(dir);
    expect(await configCommand.run(['show'], yaml)).toBe(0);
    expect(yaml.out()).not.toContain('s3cret');
    const shown = parse(yaml.out());
    expect(shown.api.token).toBe('***');
    expect(shown.watch[0].path).toBe(join(dir, 'in'));
    expect(shown.source_action).toBe('keep');

    const json = fakeIo(dir);
    expect(await configCommand.run(['show', '--json', '--config', 'config/default.yaml'], json)).toBe(0);
    expect(JSON.parse(json.out()).api.token).toBe('***');
  });

  it('--help on the command and on each sub-command exits 0', async () => {
    for (const argv of [['--help'], ['validate', '--help'], ['init', '-h'], ['show', '--help']]) {
      const io = fakeIo(dir);
      expect(await configCommand.run(argv, io), argv.join(' ')).toBe(0);
      expect(io.out()).toMatch(/^Usage: bvp config/);
    }
  });

  it('bad flags, stray arguments and unknown sub-commands exit 2', async () => {
    for (const argv of [
      ['validate', '--frobnicate', 'x.yaml'],
      ['validate'],
      ['show', '--watch', 'x'],
      ['init', 'extra'],
      ['frobnicate'],
      [],
    ]) {
      const io = fakeIo(dir);
      expect(await configCommand.run(argv, io), argv.join(' ')).toBe(2);
      expect(io.err()).not.toBe('');
    }
  });
});
