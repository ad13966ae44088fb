#!/usr/bin/env node
// Runs the plain-JavaScript build in dist/ (made by bin/build.js on `npm install`): no TypeScript loader in the
// process, so the service starts faster and idles smaller. dist/ is never a second source of truth: when any
// source file differs from what the build read, it is rebuilt here before anything runs (about a second), and if
// that is impossible the command fails and says why rather than run old code. Deno runs src/ directly.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { checkBuild } from './build-stamp.js';

// A service that idles for days on a show machine: a small young generation and V8's size-over-speed heuristics
// keep a 10,000-file burst at about half the peak resident memory, for a few percent more time in the collector
// (BENCHMARKS.md, the start-up and memory figures). Set before anything is loaded, so the heap grows under these limits from the start.
v8.setFlagsFromString('--max-semi-space-size=1');
v8.setFlagsFromString('--optimize-for-size');

const root = fileURLToPath(new URL('..', import.meta.url));
const check = checkBuild(root);
if (!check.fresh) {
  process.stderr.write(`bvp: ${check.reason}; rebuilding dist/ from the sources…\n`);
  // In a child process, so the bundler's memory is not carried by a service that then runs for days; its output
  // goes to stderr, so stdout stays the command's own (`--json`).
  const build = spawnSync(process.execPath, [path.join(root, 'bin', 'build.js')], {
    stdio: ['ignore', 2, 2],
  });
  if (build.status !== 0) {
    process.stderr.write(
      `bvp: cannot rebuild ${path.join(root, 'dist')} (${build.error?.message ?? `exit ${build.status ?? build.signal}`})\n` +
        `bvp: refusing to run a build older than the sources; run "npm run build" in ${root} and look at its errors\n`,
    );
    process.exit(1);
  }
}
await import('../dist/main.js');
