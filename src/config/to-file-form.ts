import type { SourceAction } from '../../machines/types.ts';
import type { Config } from './types.ts';

type FileValue = string | number | boolean | FileValue[] | { [key: string]: FileValue };

/**
 * The effective config written in the file's own vocabulary (`source_action: keep`, no nulls), for
 * `bvp config show` and anything else that shows it to operators. Loading the result gives the same Config.
 */
export function configToFileForm(config: Config): { [key: string]: FileValue } {
  const form = prune({
    watch: config.watch.map((w) => ({
      ...w,
      source_action: sourceAction(w.source_action),
      rules: w.rules.map((rule) => ({ ...rule, source_action: sourceAction(rule.source_action) })),
    })),
    output: config.output,
    source_action: sourceAction(config.source_action),
    collision: config.collision,
    concurrency: config.concurrency,
    max_attempts: config.max_attempts,
    stall_seconds: config.stall_seconds,
    shutdown_grace_seconds: config.shutdown_grace_seconds,
    data: config.data,
    api: config.api,
    ffmpeg: config.ffmpeg,
    logging: config.logging,
  }) as { [key: string]: FileValue };
  // Profiles keep their nulls: `video: null` means "no video", which an absent key does not.
  if (config.profiles.length > 0) form.profiles = config.profiles as unknown as FileValue[];
  if (config.webhooks && config.webhooks.length > 0)
    form.webhooks = config.webhooks as unknown as FileValue[];
  if (config.cluster) form.cluster = { ...config.cluster };
  return form;
}

function sourceAction(action: SourceAction): FileValue {
  return action.kind === 'move' ? { move: action.folder } : action.kind;
}

/** Drops nulls and empty mappings: in the file, an absent key means "not set". */
function prune(value: unknown): FileValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map(prune).filter((v): v is FileValue => v !== undefined);
  if (typeof value === 'object') {
    const out: { [key: string]: FileValue } = {};
    for (const [key, item] of Object.entries(value)) {
      const pruned = prune(item);
      if (pruned !== undefined) out[key] = pruned;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return value as FileValue;
}
