import { describe, it } from 'vitest';
import { CHROMIUM_PATH, chromiumFound } from './chromium.ts';

const inCi = (): boolean => {
  const ci = process.env.CI?.toLowerCase();
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
};

let warned = false;

/**
 * `describe` for browser tests. Without Chromium they cannot run: under CI that is a failure (a CI that silently
 * skipped them would prove nothing), elsewhere a skip with a message saying how to get them running.
 */
export function describeBrowser(name: string, body: () => void): void {
  if (chromiumFound()) {
    describe(name, body);
    return;
  }
  const why = `Chromium not found at ${CHROMIUM_PATH} (install Debian's chromium package or set BVP_CHROMIUM)`;
  if (inCi()) {
    describe(name, () => {
      it('needs Chromium under CI', () => {
        throw new Error(`${why}; CI=true requires the browser tests to run`);
      });
    });
    return;
  }
  if (!warned) {
    warned = true;
    console.warn(`\n⚠ browser tests SKIPPED: ${why}.\n`);
  }
  describe.skip(name, body);
}
