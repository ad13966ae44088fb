import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
// axe-core from node_modules, injected as text: the page loads nothing from anywhere but the server.
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core in the page and returns the serious and critical violations, each with the selectors of the
 * elements at fault (an empty list is the pass).
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  const hasAxe = () => page.evaluate(() => 'axe' in window);
  if (!(await hasAxe())) {
    await page.addScriptTag({ content: AXE_SOURCE }).catch(() => {});
    // A Content-Security-Policy without 'unsafe-inline' (right for the dashboard) refuses the inline tag;
    // evaluation through the DevTools protocol is not subject to it.
    if (!(await hasAxe())) await page.evaluate(AXE_SOURCE);
  }
  const violations = await page.evaluate(async () => {
    interface AxeResult {
      violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
    }
    const axe = (window as unknown as { axe: { run(): Promise<AxeResult> } }).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.map(String).join(' ')),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
