import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { findPids, isAlive, until } from '../../helpers/proc.ts';

/** Dashboard views by their hash route (src/dashboard/client/router.ts). */
export type View = 'queue' | 'running' | 'history' | 'stats' | 'config';

export const byTestId = (page: Page | Locator, id: string): Locator => page.locator(`[data-testid="${id}"]`);

/** Goes to a view through its nav link, as an operator does (no reload). */
export async function openView(page: Page, view: View): Promise<void> {
  await byTestId(page, `nav-${view}`).click();
  await page.waitForFunction((v) => location.hash === `#/${v}`, view);
}

/** Waits until the header says the link is live (the first snapshot arrived). */
export async function waitLive(page: Page, timeout = 60_000): Promise<void> {
  await page.locator('[data-testid="connection-state"][data-state="live"]').waitFor({ timeout });
}

/** The queue row of the job whose file name contains `name`. */
export function queueRow(page: Page, name: string): Locator {
  return byTestId(page, 'job-row').filter({
    has: page.locator('[data-testid="job-name"]', { hasText: name }),
  });
}

export function historyRow(page: Page, name: string): Locator {
  return byTestId(page, 'history-row').filter({ hasText: name });
}

/** Waits for a row's `data-status` to become `status`. */
export async function waitStatus(row: Locator, status: string, timeout = 90_000): Promise<void> {
  await row.and(row.page().locator(`[data-status="${status}"]`)).waitFor({ timeout });
}

/** The number a header count shows (`count-<status>`). */
export async function headerCount(page: Page, status: string): Promise<number> {
  const text = await byTestId(page, `count-${status}`).locator('.count-n').textContent();
  return Number(text);
}

/** Waits for the header count of `status` to read `n`. */
export async function waitCount(page: Page, status: string, n: number, timeout = 90_000): Promise<void> {
  await page.waitForFunction(
    ([s, want]) =>
      document.querySelector(`[data-testid="count-${s}"] .count-n`)?.textContent?.trim() === String(want),
    [status, n] as const,
    { timeout },
  );
}

/**
 * Marks the document; `assertNoReload` later proves the page is the same document (no navigation, no reload), so
 * whatever it shows came over its live link.
 */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __bvpDocument: string }).__bvpDocument = 'original';
  });
}

export async function sameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __bvpDocument?: string }).__bvpDocument === 'original');
}

/**
 * The pid of the ffmpeg encoding into `outputDir` (its temp file is there), found by scanning /proc — what the
 * process really is, not what the service says. Linux only, like the pause test that needs it.
 */
export function ffmpegPid(outputDir: string, ms = 60_000): Promise<number> {
  return until(
    () =>
      findPids(outputDir).find((pid) => {
        try {
          return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'ffmpeg' && isAlive(pid);
        } catch {
          return false;
        }
      }),
    `an ffmpeg writing into ${outputDir}`,
    ms,
    50,
  );
}

/** Re-checks an async condition (an API answer) until it holds, or fails naming `what`. */
export async function eventually(
  condition: () => Promise<boolean> | boolean,
  what: string,
  ms = 30_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
