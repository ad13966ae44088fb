#!/usr/bin/env node
// Builds dist/ from the TypeScript sources so Node runs plain JavaScript (no TypeScript loader in the process).
// Runs on `npm install` (the `prepare` script) and again from bin/bvp.js whenever a source changed since. Deno runs
// the sources directly and never looks here.
//
// One ES module per command (code splitting), so `bvp --help` loads the dispatcher and not the server. Native and
// optional packages stay outside the bundle and load from node_modules as usual.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXTRA_INPUTS, fingerprintOf, STAMP_FILE } from './build-stamp.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Loaded at run time from node_modules, never bundled: native addons, binaries, and the bundler itself. */
export const EXTERNAL = [
  'libsql',
  '@libsql/*',
  '@ffmpeg-installer/*',
  '@ffprobe-installer/*',
  'esbuild',
  'playwright-core',
  // BullMQ reads its Lua scripts from files beside its modules; ioredis is shared with it.
  'bullmq',
  'ioredis',
  // ws's optional native speed-ups: absent on most installs, required inside a try.
  'bufferutil',
  'utf-8-validate',
];

// A stale chunk may still be loaded lazily by a process started before the rebuild; give it time to do so.
const KEEP_OLD_CHUNKS_MS = 10 * 60 * 1000;

/**
 * Bundles src/cli/main.ts into dist/ and writes dist/build-stamp.json with every source file it read. Each output
 * file is written to a temp name and renamed, chunks before the entry and the stamp last, so a process starting
 * during a rebuild (two `bvp` at once) reads either the old build or the new one, never half a file.
 */
export async function buildDist(root = ROOT) {
  const { build } = await import('esbuild');
  const outdir = path.join(root, 'dist');
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: 'src/cli/main.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    external: EXTERNAL,
    write: false,
    metafile: true,
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'silent',
    // CommonJS dependencies bundled into ES modules still call require() for Node's built-ins.
    banner: {
      js: "import { createRequire as __bvpCreateRequire } from 'node:module'; const require = __bvpCreateRequire(import.meta.url);",
    },
  });
  mkdirSync(path.join(outdir, 'chunks'), { recursive: true });
  const written = new Set();
  const ordered = [...result.outputFiles].sort((a, b) => rank(a.path) - rank(b.path));
  for (const file of ordered) {
    const temp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temp, file.contents);
    renameSync(temp, file.path);
    written.add(file.path);
  }
  const inputs = {};
  for (const rel of [...Object.keys(result.metafile.inputs), ...EXTRA_INPUTS]) {
    if (rel.startsWith('node_modules/') || rel.includes('/node_modules/')) continue;
    inputs[rel] = fingerprintOf(path.join(root, rel));
  }
  const stamp = { builtAt: new Date().toISOString(), inputs };
  const stampFile = path.join(outdir, STAMP_FILE);
  writeFileSync(`${stampFile}.${process.pid}.tmp`, `${JSON.stringify(stamp, null, 1)}\n`);
  renameSync(`${stampFile}.${process.pid}.tmp`, stampFile);
  removeOldChunks(path.join(outdir, 'chunks'), written);
  return { files: written.size, inputs: Object.keys(inputs).length, warnings: result.warnings };
}

// Chunks (and their maps) first, then entries: an entry never points at a chunk that is not there yet.
const rank = (file) => (file.includes(`${path.sep}chunks${path.sep}`) ? 0 : 1);

function removeOldChunks(dir, keep) {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (keep.has(file)) continue;
    try {
      if (Date.now() - statSync(file).mtimeMs > KEEP_OLD_CHUNKS_MS) rmSync(file, { force: true });
    } catch {
      // Removed by a concurrent build.
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  try {
    const { files, inputs } = await buildDist();
    const ms = Math.round(performance.now() - started);
    console.log(`bvp: built dist/ (${files} files from ${inputs} sources) in ${ms} ms`);
  } catch (error) {
    // esbuild's own message names the file, line and column of each error.
    console.error(`bvp: the build failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
