import { appendFile, cp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/bvp.ts';
import { makeTempDir, type TempDir } from '../helpers/clips.ts';
import { until } from '../helpers/proc.ts';

/**
 * `bvp` on Node runs the plain-JavaScript build in dist/, with no TypeScript loader in the process, and that build
 * is never a second source of truth: an edit made after it is picked up (rebuilt), and a build that cannot be
 * redone is refused loudly instead of running old code. Each test works on a copy of the package (sources, bin,
 * config; node_modules linked), so nothing touches the checkout's own dist/.
 */

let dir: TempDir;
let pkg: string;

// A module hook that records every module Node resolves, on a thread of its own (Node's hooks run off-thread).
const PROBE = `
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.BVP_PROBE_LOG, result.url + '\\\\n');
  return result;
}\`));
`;

beforeAll(async () => {
  dir = await makeTempDir('bvp-lean-');
  pkg = dir.join('pkg');
  await mkdir(pkg);
  for (const part of ['src', 'machines', 'bin', 'config', 'package.json', 'package-lock.json']) {
    await cp(path.join(REPO_ROOT, part), path.join(pkg, part), { recursive: true });
  }
  await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(pkg, 'node_modules'), 'dir');
  await writeFile(dir.join('probe.mjs'), PROBE);
  // What `npm install` runs (the prepare script): a fresh build.
  const built = await execa('node', ['bin/build.js'], { cwd: pkg, reject: false, all: true });
  expect(built.exitCode, built.all).toBe(0);
}, 120_000);
afterAll(() => dir.cleanup());

const bvp = (args: string[], env: Record<string, string> = {}) =>
  execa('node', ['bin/bvp.js', ...args], { cwd: pkg, env, reject: false });

describe('bvp runs the built JavaScript', () => {
  it('serves from a fresh build with no TypeScript loader and no .ts module in the process', async () => {
    const log = dir.join('resolved.log');
    await writeFile(log, '');
    const server = execa('node', ['bin/bvp.js', 'serve', '--config', 'config/default.yaml', '--port', '0'], {
      cwd: pkg,
      env: { NODE_OPTIONS: `--import ${dir.join('probe.mjs')}`, BVP_PROBE_LOG: log },
      reject: false,
    });
    let stdout = '';
    server.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    await until(
      () => stdout.includes('Ready.') || server.exitCode !== null,
      'bvp serve to say Ready',
      60_000,
    );
    server.kill('SIGTERM');
    const result = await server;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('rebuilding');
    const resolved = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
    expect(resolved.some((url) => url.includes('/dist/main.js'))).toBe(true);
    expect(resolved.filter((url) => url.includes('/node_modules/tsx/'))).toEqual([]);
    expect(resolved.filter((url) => /\.[cm]?ts$/.test(url))).toEqual([]);
  }, 90_000);

  it('answers --help without loading the server, the store or the HTTP framework', async () => {
    const log = dir.join('help.log');
    await writeFile(log, '');
    const r = await bvp(['--help'], {
      NODE_OPTIONS: `--import ${dir.join('probe.mjs')}`,
      BVP_PROBE_LOG: log,
    });
    expect(r.exitCode).toBe(0);
    const resolved = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
    expect(resolved.filter((url) => /serve-|libsql|hono|chokidar|xstate/.test(url))).toEqual([]);
  }, 60_000);

  it('picks up a source edit made after the build instead of running the old code, once', async () => {
    expect((await bvp(['--version'])).stdout.trim()).toBe(
      /VERSION = '([^']+)'/.exec(await readFile(path.join(pkg, 'src/version.ts'), 'utf8'))?.[1],
    );
    const versionFile = path.join(pkg, 'src/version.ts');
    const text = await readFile(versionFile, 'utf8');
    await writeFile(versionFile, text.replace(/VERSION = '[^']+'/, "VERSION = '9.9.9-edited'"));
    const edited = await bvp(['--version']);
    expect(edited.exitCode, edited.stderr).toBe(0);
    expect(edited.stdout.trim()).toBe('9.9.9-edited');
    expect(edited.stderr).toContain('src/version.ts changed since dist/ was built; rebuilding');
    const again = await bvp(['--version']);
    expect(again.stdout.trim()).toBe('9.9.9-edited');
    expect(again.stderr).toBe('');
  }, 90_000);

  it('refuses to run the old build when the sources no longer build, and says why', async () => {
    await appendFile(path.join(pkg, 'src/version.ts'), '\nexport const broken = ;\n');
    const r = await bvp(['--version']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('src/version.ts changed since dist/ was built');
    expect(r.stderr).toContain('refusing to run a build older than the sources');
  }, 90_000);
});
