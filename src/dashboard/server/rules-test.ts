import { isAbsolute, resolve } from 'node:path';
import type { Config } from '../../config/types.ts';
import { ensureInside } from '../../rules/ensure-inside.ts';
import { findWatchIndex } from '../../rules/find-watch.ts';
import { planJob } from '../../rules/plan-job.ts';

/** The answer of POST /api/v1/rules/test: what `bvp rules test PATH` prints, as data. */
export interface RuleTestView {
  path: string;
  queued: boolean;
  /** Why the file would be passed over, when it would. */
  reason: string | null;
  watch: { index: number; path: string } | null;
  relPath: string | null;
  rule: { name: string; pattern: string; pattern_type: string; priority: number } | null;
  profile: string | null;
  outputPath: string | null;
  priority: number | null;
  sourceAction: string | null;
  collision: string | null;
  warnings: string[];
}

/**
 * Which watch folder, rule, profile and output a path would get. A relative path is taken inside the first watch
 * folder (what an operator types: `show/intro.mov`). The file need not exist.
 */
export async function testRulePath(config: Config, input: string, now: number): Promise<RuleTestView> {
  const first = config.watch[0]?.path;
  const path = isAbsolute(input) || !first ? resolve(input) : resolve(first, input);
  const view: RuleTestView = {
    path,
    queued: false,
    reason: null,
    watch: null,
    relPath: null,
    rule: null,
    profile: null,
    outputPath: null,
    priority: null,
    sourceAction: null,
    collision: null,
    warnings: [],
  };
  const index = findWatchIndex(config, path);
  if (index < 0) return { ...view, reason: 'not inside any watch folder' };
  const watch = config.watch[index]!;
  view.watch = { index, path: watch.path };
  const plan = planJob(config, index, path, now);
  view.relPath = plan.relPath ?? null;
  if (!plan.ok) return { ...view, reason: plan.reason };
  const action = plan.sourceAction;
  Object.assign(view, {
    rule: plan.rule && {
      name: plan.rule.name,
      pattern: plan.rule.pattern,
      pattern_type: plan.rule.pattern_type,
      priority: plan.rule.priority,
    },
    profile: plan.profile.name,
    outputPath: plan.outputPath,
    priority: plan.priority,
    sourceAction: action.kind === 'move' ? `move to ${action.folder}` : action.kind,
    collision: plan.collision,
    warnings: plan.warnings,
  });
  const inside = await ensureInside(watch.output, plan.outputPath);
  if (!inside.ok) return { ...view, reason: inside.error.message };
  return { ...view, queued: true };
}
