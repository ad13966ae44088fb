import type { RuleConfig, WatchConfig } from '../config/types.ts';
import { compileGlob } from './glob.ts';
import { ruleMatcher } from './rule-matcher.ts';

export type RuleMatch = { ok: true; rule: RuleConfig } | { ok: false; reason: string };

const ordered = new WeakMap<readonly RuleConfig[], RuleConfig[]>();

/** Highest priority first; equal priorities keep the order written (Array.prototype.sort is stable). */
export function rulesInOrder(rules: readonly RuleConfig[]): RuleConfig[] {
  let list = ordered.get(rules);
  if (!list) {
    list = [...rules].sort((a, b) => b.priority - a.priority);
    ordered.set(rules, list);
  }
  return list;
}

/**
 * The rule for one source: the first match by priority (descending), then file order. `relPath` is relative to
 * the watch folder with `/` separators. When nothing matches, the reason lists what was tried, so an operator can
 * see why a file was passed over.
 */
export function matchRule(watch: Pick<WatchConfig, 'rules'>, relPath: string): RuleMatch {
  const rel = relPath.replace(/\\/g, '/');
  const rules = rulesInOrder(watch.rules);
  for (const rule of rules) {
    if (ruleMatcher(rule)(rel)) return { ok: true, rule };
  }
  if (rules.length === 0) return { ok: false, reason: 'this watch folder has no rules' };
  const tried = rules.map((r) => `${r.pattern_type} "${r.pattern}"`).join(', ');
  return { ok: false, reason: `no rule matches "${rel}" (tried ${tried})${subfolderHint(rules, rel)}` };
}

// `*.mov` not matching `day1/clip.mov` is the surprise operators will meet most, so say so.
function subfolderHint(rules: readonly RuleConfig[], rel: string): string {
  if (!rel.includes('/')) return '';
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  const near = rules.find((rule) => {
    if (rule.pattern_type !== 'glob' || rule.pattern.includes('/')) return false;
    const glob = compileGlob(rule.pattern, { caseSensitive: rule.case_sensitive });
    return glob.ok && glob.regex.test(name);
  });
  return near
    ? `; note: "${near.pattern}" matches only files directly in the watch folder, "**/${near.pattern}" matches in sub-folders too`
    : '';
}
