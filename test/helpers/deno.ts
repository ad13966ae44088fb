import { createRequire } from 'node:module';

/**
 * The Deno binary the npm package `deno` ships, itself rather than its `npx deno` wrapper (a test that signals the
 * process must reach the one running bvp). The package links it into place on its first run; this asks the
 * package's own installer for it, so it is there on a fresh `npm ci` too. Null where the package has no binary for
 * this platform.
 */
export function denoBinary(): string | null {
  try {
    const installer = createRequire(import.meta.url)('deno/install_api.cjs') as { runInstall(): string };
    return installer.runInstall();
  } catch {
    return null;
  }
}
