import { readdir } from 'node:fs/promises';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTempName } from '../../src/media/temp-name.ts';
import { REPO_ROOT } from '../helpers/bvp.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';

// `deno run` does not type-check, but a cold cache transpiles the whole import graph first: about a second here,
// far longer on a slow CI machine.
const DENO_TIMEOUT_MS = 180_000;

let dir: TempDir;
let clip: string;

beforeAll(async () => {
  dir = await makeTempDir('bvp-deno-cli-');
  clip = await makeClip(dir.join('clip.mov'), { seconds: 2 });
});
afterAll(() => dir?.cleanup());

async function streamsOf(file: string): Promise<Array<{ codec_name: string; codec_tag_string: string }>> {
  const { stdout } = await execa('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', `file:${file}`]);
  return JSON.parse(stdout).streams;
}

describe('bvp transcode on Deno', () => {
  it(
    'runs from the same source: ProRes Proxy (apco) + PCM 24-bit, verified, no temp file left',
    async () => {
      const out = dir.join('deno-out.mov');
      // The exact command an operator types; the source is the same TypeScript Node runs.
      const r = await execa(
        'npx',
        ['deno', 'run', '-A', 'src/cli/main.ts', 'transcode', clip, '--profile', 'live-qlab', '-o', out],
        { cwd: REPO_ROOT, env: { FORCE_COLOR: '0', NO_COLOR: '1' }, reject: false, all: true },
      );
      expect(r.exitCode, r.all).toBe(0);
      expect(r.stdout.trim()).toBe(out);
      expect(r.stderr).toContain('verified');
      const streams = await streamsOf(out);
      expect(streams.map((s) => s.codec_name)).toEqual(['prores', 'pcm_s24le']);
      expect(streams[0].codec_tag_string).toBe('apco');
      expect((await readdir(dir.path)).filter(isTempName)).toEqual([]);
    },
    DENO_TIMEOUT_MS,
  );
});
