#!/usr/bin/env node
// Runs the plain-JavaScript build in dist/ (made by bin/build.js on `npm install`): no TypeScript loader in the
// process, so the service starts faster and idles smaller. dist/ is never a second source of truth: when any
// source file differs from what the build read, it is rebuilt here before anything runs (about a second), and if
// that is impossible the command fails and says why rather than run old code. Deno runs src/ directly.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBuild } from './build-stamp.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const check = checkBuild(root);
if (!check.fresh) {
  process.stderr.write(`bvp: ${check.reason}; rebuilding dist/ from the sources…\n`);
  try {
    await (await import('./build.js')).buildDist(root);
  } catch (error) {
    process.stderr.write(
      `bvp: cannot rebuild ${path.join(root, 'dist')}: ${error instanceof Error ? error.message : error}\n` +
        `bvp: refusing to run a build older than the sources; run "npm run build" in ${root} and look at its errors\n`,
    );
    process.exit(1);
  }
}
await import('../dist/main.js');
