import type { CollisionPolicy, SourceAction } from '../../machines/types.ts';
import { DEFAULT_OUTPUT_PATTERN } from '../config/defaults.ts';
import type { Config, RuleConfig } from '../config/types.ts';
import { createProfileRegistry, type ProfileRegistry } from '../profiles/registry.ts';
import type { Profile } from '../profiles/schema.ts';
import { checkCandidate } from './candidate.ts';
import { matchRule } from './match-rule.ts';
import { fedWatchReason, watchFedBy } from './output-feeds-watch.ts';
import { renderOutputPath } from './render-output-path.ts';

export interface JobPlan {
  ok: true;
  /** The matching rule, or null when the watch folder's own `profile` took the file. */
  rule: RuleConfig | null;
  /** For JobSpec.origin: `rule:<name>` or `watch:<index>`. */
  origin: string;
  relPath: string;
  profile: Profile;
  /** Lexically inside the output folder; call ensureInside before writing to rule out symlinks. */
  outputPath: string;
  priority: number;
  sourceAction: SourceAction;
  collision: CollisionPolicy;
  warnings: string[];
}

export type NoPlanCode = 'no_watch' | 'not_candidate' | 'no_rule' | 'output';

export interface NoPlan {
  ok: false;
  code: NoPlanCode;
  reason: string;
  relPath?: string;
}

export interface PlanOptions {
  /**
   * The output is named after this path (relative to the watch folder, `/`-separated, taken whole: no extension)
   * instead of the matched file: an image sequence's folder, while its first frame is what rules match.
   */
  outputFolder?: string;
}

const registries = new WeakMap<Config, ProfileRegistry>();

/**
 * Everything the watcher needs to queue one settled file: which rule, which profile, where the output goes, with
 * what priority and what then happens to the source. Pure (no disk): `now` fills {date} and {time}. A file is
 * passed over with a reason rather than an exception, so the caller logs it once instead of on every rescan.
 */
export function planJob(
  config: Config,
  watchIndex: number,
  absPath: string,
  now: Date | number,
  options: PlanOptions = {},
): JobPlan | NoPlan {
  const watch = config.watch[watchIndex];
  if (!watch) return { ok: false, code: 'no_watch', reason: `there is no watch[${watchIndex}]` };
  const candidate = checkCandidate(watch, absPath);
  if (!candidate.ok) return { ok: false, code: 'not_candidate', reason: candidate.reason };
  const { relPath } = candidate;

  const match = matchRule(watch, relPath);
  const rule = match.ok ? match.rule : null;
  const profileName = rule?.profile ?? watch.profile;
  if (profileName === null)
    return { ok: false, code: 'no_rule', reason: (match as { reason: string }).reason, relPath };

  let registry = registries.get(config);
  if (!registry) {
    registry = createProfileRegistry(config.profiles);
    registries.set(config, registry);
  }
  const profile = registry.get(profileName);
  if (!profile)
    return { ok: false, code: 'no_rule', reason: `profile "${profileName}" is not known`, relPath };

  const rendered = renderOutputPath({
    pattern: rule?.output_pattern ?? DEFAULT_OUTPUT_PATTERN,
    outputDir: watch.output,
    relPath: options.outputFolder ?? relPath,
    profile,
    now,
    wholeName: options.outputFolder !== undefined,
  });
  if (!rendered.ok) return { ok: false, code: 'output', reason: rendered.error.message, relPath };
  // An output landing in a watched place would come back as a new source and be encoded again.
  const fed = watchFedBy(config, rendered.path);
  if (fed) return { ok: false, code: 'output', reason: fedWatchReason(rendered.path, fed), relPath };
  return {
    ok: true,
    rule,
    origin: rule ? `rule:${rule.name}` : `watch:${watchIndex}`,
    relPath,
    profile,
    outputPath: rendered.path,
    priority: rule?.priority ?? watch.priority,
    sourceAction: rule?.source_action ?? watch.source_action,
    collision: config.collision,
    warnings: rendered.warnings,
  };
}
