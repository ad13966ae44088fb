import { formatIssues } from '../../src/config/format-issues.ts';
import type { Config, RuleConfig, WatchConfig } from '../../src/config/types.ts';
import { validateConfigText } from '../../src/config/validate-text.ts';

/** A Config from YAML, as the service would load it from /show/bvp.yaml. */
export function configFrom(yaml: string, file = '/show/bvp.yaml'): Config {
  const result = validateConfigText(yaml, { file });
  if (!result.ok) throw new Error(formatIssues(result.issues));
  return result.config;
}

export function rule(partial: Partial<RuleConfig> & Pick<RuleConfig, 'pattern'>): RuleConfig {
  return {
    name: partial.pattern,
    pattern_type: 'glob',
    case_sensitive: false,
    profile: 'live-qlab',
    output_pattern: '{rel_dir}/{stem}.{ext}',
    priority: 0,
    source_action: { kind: 'keep' },
    ...partial,
  };
}

export function watchWith(rules: RuleConfig[]): Pick<WatchConfig, 'rules'> {
  return { rules };
}
