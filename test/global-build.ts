import { execa } from 'execa';

/**
 * Tests run `bin/bvp.js` in many processes at once; one `bvp --version` first brings dist/ up to date with the
 * sources (bin/bvp.js rebuilds a stale build), so no test process pays for, or prints, a rebuild.
 */
export async function setup(): Promise<void> {
  const r = await execa('node', ['bin/bvp.js', '--version'], { reject: false, all: true });
  if (r.exitCode !== 0) throw new Error(`the build in dist/ cannot be made:\n${r.all}`);
}
