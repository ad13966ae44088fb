import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's Chromium (the `chromium` package), never a downloaded browser. `BVP_CHROMIUM` points elsewhere (another
 * distribution's path, a macOS Chromium.app binary).
 */
export const CHROMIUM_PATH = process.env.BVP_CHROMIUM || '/usr/bin/chromium';

/** The flags the issue fixes: headless, no sandbox (containers), nothing that phones home or updates itself. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
] as const;

export function chromiumFound(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/**
 * Launches Chromium with a fresh user-data dir: Playwright's `launch` creates a new temporary profile for every
 * browser and removes it on close (it refuses a `--user-data-dir` flag), so no state carries between runs.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS],
    // Playwright's own extra flags are fine; it must not look for its downloaded browsers.
    chromiumSandbox: false,
  });
}
