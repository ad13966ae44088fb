import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rulesCommand } from '../../src/cli/commands/rules.ts';
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

const CONFIG = `watch:
  - path: ../watch
    rules:
      - name: audio
        pattern: "**/*.wav"
        profile: audio-qlab
        delete_input: true
      - name: exports
        pattern: "exports/*"
        profile: live-h264
        output_pattern: "web/{filename}"
  - path: ../strict
    rules:
      - pattern: "*.mov"
        profile: live-qlab
output: ../output
`;

describe('bvp rules test', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bvp-cli-rules-'));
    await mkdir(join(dir, 'config'));
    await writeFile(join(dir, 'config', 'default.yaml'), CONFIG);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('explains the matching rule, the output path and the source action', async () => {
    const io = fakeIo(dir);
    expect(await rulesCommand.run(['test', 'watch/act1/Cue 5.WAV'], io)).toBe(0);
    expect(io.out()).toContain('watch[0]');
    expect(io.out()).toContain('rule:      audio (glob "**/*.wav", priority 0)');
    expect(io.out()).toContain('profile:   audio-qlab');
    expect(io.out()).toContain(`output:    ${join(dir, 'output', 'act1', 'Cue 5.wav')}`);
    expect(io.out()).toContain('source:    deleted after the output is verified');
    expect(io.out()).toContain('result:    would be queued');
  });

  it('shows the extension warning', async () => {
    const io = fakeIo(dir);
    expect(
      await rulesCommand.run(
        ['test', join(dir, 'watch', 'exports', 'promo.mov'), '--config', 'config/default.yaml'],
        io,
      ),
    ).toBe(0);
    expect(io.out()).toContain(`output:    ${join(dir, 'output', 'web', 'promo.mp4')}`);
    expect(io.out()).toMatch(/warning: +output_pattern gives "\.mov" but profile live-h264 writes mp4/);
  });

  it('says why nothing matches, and exits 1', async () => {
    const io = fakeIo(dir);
    expect(await rulesCommand.run(['test', 'strict/day1/a.mov'], io)).toBe(1);
    expect(io.out()).toMatch(/result: +not queued: no rule matches "day1\/a\.mov"/);
    const outside = fakeIo(dir);
    expect(await rulesCommand.run(['test', '/tmp/elsewhere.mov'], outside)).toBe(1);
    expect(outside.out()).toMatch(/not inside any watch folder/);
  });

  it('catches an output folder symlinked outside', async () => {
    await mkdir(join(dir, 'output'));
    await mkdir(join(dir, 'elsewhere'));
    await symlink(join(dir, 'elsewhere'), join(dir, 'output', 'web'));
    const io = fakeIo(dir);
    expect(await rulesCommand.run(['test', 'watch/exports/promo.mov'], io)).toBe(1);
    expect(io.out()).toMatch(/not queued: .*through a symbolic link/);
  });

  it('reports an invalid config with exit 1', async () => {
    await writeFile(join(dir, 'bad.yaml'), 'watch:\n  - path: ./in\n    profile: nope\n');
    const io = fakeIo(dir);
    expect(await rulesCommand.run(['test', 'in/a.mov', '--config', 'bad.yaml'], io)).toBe(1);
    expect(io.err()).toMatch(/unknown profile "nope"/);
  });

  it('--help exits 0; bad flags and missing arguments exit 2', async () => {
    for (const argv of [['--help'], ['test', '--help']]) {
      const io = fakeIo(dir);
      expect(await rulesCommand.run(argv, io)).toBe(0);
      expect(io.out()).toMatch(/^Usage: bvp rules test/);
    }
    for (const argv of [['test'], ['test', 'a', 'b'], ['test', 'a', '--nope'], ['list'], []]) {
      const io = fakeIo(dir);
      expect(await rulesCommand.run(argv, io), argv.join(' ')).toBe(2);
    }
  });
});
