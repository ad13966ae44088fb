import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { BvpError } from '../errors.ts';

/** One built file, served under /assets/<name>. */
export interface DashboardAsset {
  name: string;
  type: string;
  body: Uint8Array;
  /** The same bytes gzipped once at build time (what a browser actually downloads). */
  gzip: Uint8Array;
}

export interface DashboardBuild {
  /** Content hash of the sources the build came from (also the cache folder's name). */
  hash: string;
  script: string;
  style: string;
  assets: Map<string, DashboardAsset>;
}

const PACKAGE_NAME = 'bulletproof';
/** The sources of the page: everything under these (relative to the package root) goes into the hash. */
const SOURCE_DIRS = ['src/dashboard/client', 'machines'];
/** Libraries bundled into the page: their versions go into the hash, so an upgrade rebuilds. */
const BUNDLED = ['preact', '@preact/signals', '@preact/signals-core', 'xstate', 'esbuild', 'elkjs'];
/** Bumped when what a build folder holds changes, so an older cache is not read as a newer one. */
const BUILD_FORMAT = 4;

/**
 * The package root, found by walking up to our package.json from this module and from the working directory. Walking
 * up (rather than counting `..`) keeps working when the server itself runs from a bundled dist/ file.
 */
export function findPackageRoot(start: string = dirname(fileURLToPath(import.meta.url))): string {
  for (const from of [start, process.cwd()]) {
    let dir = from;
    for (;;) {
      const file = join(dir, 'package.json');
      if (existsSync(file) && existsSync(join(dir, SOURCE_DIRS[0]!))) {
        try {
          if ((JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return dir;
        } catch {
          // An unreadable package.json is not ours; keep walking.
        }
      }
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new BvpError('internal', `Cannot find the ${PACKAGE_NAME} package root (with ${SOURCE_DIRS[0]})`);
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory() ? listFiles(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]),
    ),
  );
  return nested.flat().sort();
}

function versionOf(root: string, name: string): string {
  try {
    const file = join(root, 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'missing';
  }
}

/** A hash of every source file's path and content and of the bundled libraries' versions. */
export async function sourceHash(root: string): Promise<string> {
  const hash = createHash('sha256');
  for (const dir of SOURCE_DIRS) {
    for (const file of await listFiles(join(root, dir))) {
      hash
        .update(relative(root, file))
        .update('\0')
        .update(await readFile(file))
        .update('\0');
    }
  }
  for (const name of BUNDLED) hash.update(`${name}@${versionOf(root, name)}\0`);
  hash.update(`format ${BUILD_FORMAT}`);
  return hash.digest('hex').slice(0, 16);
}

interface Manifest {
  hash: string;
  script: string;
  style: string;
  /** Scripts the page imports on demand (the inspector's layout engine), served beside the entry. */
  chunks: string[];
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=UTF-8',
  '.css': 'text/css; charset=UTF-8',
};

async function loadCached(dir: string, hash: string): Promise<DashboardBuild | null> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return null;
  }
  const assets = new Map<string, DashboardAsset>();
  try {
    for (const name of [manifest.script, manifest.style, ...(manifest.chunks ?? [])]) {
      const ext = name.slice(name.lastIndexOf('.'));
      assets.set(name, {
        name,
        type: TYPES[ext] ?? 'application/octet-stream',
        body: await readFile(join(dir, name)),
        gzip: await readFile(join(dir, `${name}.gz`)),
      });
    }
  } catch {
    // A damaged cache folder is rebuilt, not served.
    return null;
  }
  return { hash, script: manifest.script, style: manifest.style, assets };
}

/** esbuild turns the client sources into one script and one stylesheet, named by the source hash. */
async function bundle(root: string, hash: string, outDir: string): Promise<void> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { [`app-${hash}`]: join(root, 'src/dashboard/client/main.tsx') },
    bundle: true,
    format: 'esm',
    target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
    minify: true,
    // Licence notices stay with the code they cover (elkjs is EPL-2.0: its header must ship with it).
    legalComments: 'eof',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    // A dynamic import() becomes its own file: the inspector's layout engine (elkjs, ~1.4 MB) loads only when opened.
    splitting: true,
    chunkNames: '[name]-[hash]',
    outdir: outDir,
    write: true,
    logLevel: 'silent',
    metafile: false,
  });
  if (result.errors.length > 0) {
    throw new BvpError('internal', `Dashboard build failed: ${result.errors.map((e) => e.text).join('; ')}`);
  }
  const script = `app-${hash}.js`;
  const chunks = (await readdir(outDir)).filter((f) => f.endsWith('.js') && f !== script).sort();
  const manifest: Manifest = { hash, script, style: `app-${hash}.css`, chunks };
  for (const name of [manifest.script, manifest.style, ...chunks]) {
    await writeFile(join(outDir, `${name}.gz`), gzipSync(await readFile(join(outDir, name)), { level: 9 }));
  }
  await writeFile(join(outDir, 'manifest.json'), JSON.stringify(manifest));
}

/**
 * The built dashboard: read from node_modules/.cache/bulletproof-dashboard/<source hash>/ when it is there, built with
 * esbuild otherwise (about a second). A new folder is written beside and renamed into place, so two servers starting
 * at once never read a half-written build.
 */
export async function buildDashboard(root: string = findPackageRoot()): Promise<DashboardBuild> {
  const hash = await sourceHash(root);
  const cacheRoot = join(root, 'node_modules', '.cache', 'bulletproof-dashboard');
  const dir = join(cacheRoot, hash);
  const cached = await loadCached(dir, hash);
  if (cached) return cached;
  // A folder that did not load is damaged (an interrupted copy, an older layout): build it again.
  await rm(dir, { recursive: true, force: true });
  const temp = join(cacheRoot, `.tmp-${hash}-${process.pid}-${Date.now()}`);
  await mkdir(temp, { recursive: true });
  try {
    await bundle(root, hash, temp);
    await rename(temp, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Another process finished the same build first: theirs is identical.
      if (!existsSync(join(dir, 'manifest.json'))) throw error;
    });
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  const built = await loadCached(dir, hash);
  if (!built) throw new BvpError('internal', `Dashboard build left no manifest in ${dir}`);
  // Builds of older sources are never read again.
  for (const entry of await readdir(cacheRoot)) {
    if (entry !== hash && !entry.startsWith('.tmp-'))
      await rm(join(cacheRoot, entry), { recursive: true, force: true });
  }
  return built;
}
