import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bvp } from '../helpers/bvp.ts';
import { makeClip, makeTempDir, type TempDir } from '../helpers/clips.ts';

let dir: TempDir;
let clip: string;

beforeAll(async () => {
  dir = await makeTempDir('bvp-cli-');
  clip = await makeClip(dir.join('clip.mov'), { seconds: 2 });
});
afterAll(() => dir.cleanup());

async function streamsOf(file: string): Promise<Array<{ codec_name: string; codec_tag_string: string }>> {
  const { stdout } = await execa('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', `file:${file}`]);
  return JSON.parse(stdout).streams;
}

describe('bvp transcode', () => {
  it('writes <stem>__processed__<profile>.<ext> beside the input, verified, and keeps the input', async () => {
    const before = await stat(clip);
    const r = await bvp(['transcode', clip, '--profile', 'live-qlab']);
    expect(r.exitCode, r.all).toBe(0);
    const out = dir.join('clip__processed__live-qlab.mov');
    expect(r.stdout.trim()).toBe(out);
    const streams = await streamsOf(out);
    expect(streams[0].codec_tag_string).toBe('apco');
    expect(streams[1].codec_name).toBe('pcm_s24le');
    expect((await stat(clip)).mtimeMs).toBe(before.mtimeMs);
    expect((await readdir(dir.path)).filter((n) => n.includes('bvp-tmp'))).toEqual([]);
  });

  it('refuses an existing output without --overwrite and replaces it with --overwrite', async () => {
    const out = dir.join('taken.mov');
    await writeFile(out, 'precious');
    const refused = await bvp(['transcode', clip, '-p', 'live-qlab', '-o', out]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('already exists');
    expect(await readFile(out, 'utf8')).toBe('precious');
    const replaced = await bvp(['transcode', clip, '-p', 'live-qlab', '-o', out, '--overwrite']);
    expect(replaced.exitCode, replaced.all).toBe(0);
    expect((await streamsOf(out))[0].codec_name).toBe('prores');
  });

  it('exits 2 on an unknown profile and lists the known ones', async () => {
    const r = await bvp(['transcode', clip, '--profile', 'prores-ultra']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('prores-ultra');
    expect(r.stderr).toContain('live-qlab');
    expect(r.stderr).toContain('archival-linux-mkv');
  });

  it('exits non-zero on a corrupt input, naming the file, and leaves nothing behind', async () => {
    const bad = dir.join('corrupt.mov');
    await writeFile(bad, Buffer.alloc(4096, 7));
    const r = await bvp(['transcode', bad, '-p', 'live-h264']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('corrupt.mov');
    const names = await readdir(dir.path);
    expect(names.filter((n) => n.startsWith('corrupt__') || n.includes('bvp-tmp'))).toEqual([]);
  });

  it('refuses an -o whose extension is not the profile container, writing nothing', async () => {
    const r = await bvp(['transcode', clip, '-p', 'live-qlab', '-o', dir.join('wrong.mp4')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('must end in .mov, the container of live-qlab');
    expect((await readdir(dir.path)).filter((n) => n.startsWith('wrong') || n.includes('bvp-tmp'))).toEqual(
      [],
    );
  });

  it('exits 2 with a precise message on a bad flag value', async () => {
    const r = await bvp(['transcode', clip, '-p', 'live-h264', '--resolution', 'big']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--resolution "big" must look like 1920x1080');
  });

  it.each(['-i.mov', 'two words.mov', `quote'"é.mov`])('transcodes a file named %s', async (name) => {
    const input = await makeClip(dir.join(name), { seconds: 1 });
    const out = dir.join(`out ${name.replace(/\.mov$/, '')}.mp4`);
    const r = await bvp(['transcode', input, '-p', 'standard-playback', '--preset', 'fast', '-o', out]);
    expect(r.exitCode, r.all).toBe(0);
    expect((await streamsOf(out))[0].codec_name).toBe('h264');
  });

  it('SIGINT mid-encode removes the temp file, writes no output and exits non-zero', async () => {
    const long = await makeClip(dir.join('long.mov'), { seconds: 60, width: 640, height: 360 });
    const child = bvp(['transcode', long, '-p', 'archival', '-o', dir.join('never.mov')]);
    // Wait for the encode to be under way: its hidden temp file appears beside the output.
    const deadline = Date.now() + 30_000;
    while (!(await readdir(dir.path)).some((n) => n.includes('never.mov.bvp-tmp') || n.includes('bvp-tmp'))) {
      if (Date.now() > deadline) throw new Error('encode never started');
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).not.toBe(0);
    const names = await readdir(dir.path);
    expect(names.filter((n) => n.includes('bvp-tmp') || n === 'never.mov')).toEqual([]);
  });
});
