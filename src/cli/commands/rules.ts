import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { SourceAction } from '../../../machines/types.ts';
import type { Config } from '../../config/types.ts';
import { ensureInside } from '../../rules/ensure-inside.ts';
import { findWatchIndex } from '../../rules/find-watch.ts';
import { planJob } from '../../rules/plan-job.ts';
import type { CliCommand, CliIo } from '../io.ts';
import { DEFAULT_CONFIG_FILE, loadForCli } from './config.ts';

const USAGE = `Usage: bvp rules test PATH [--config FILE]

Explains what the service would do with PATH (which need not exist yet): the watch folder, the rule that
matches (highest priority first, then file order), the profile, the output path with any warnings, and what
happens to the source - or why the file would be passed over.

  --config FILE   the config to test against (default: ${DEFAULT_CONFIG_FILE})

Exit codes: 0 the file would be queued, 1 it would not (or the config is invalid), 2 bad usage.
`;

async function run(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    (sub === undefined ? io.stderr : io.stdout).write(USAGE);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'test') return usageError(io, `unknown sub-command "${sub}" (try: bvp rules test PATH)`);
  let values: { config?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    return usageError(io, (error as Error).message);
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1) return usageError(io, 'expects exactly one PATH');
  const file = resolve(io.cwd, values.config ?? DEFAULT_CONFIG_FILE);
  const config = await loadForCli(file, io, 'rules test');
  if (!config) return 1;
  return explain(config, resolve(io.cwd, positionals[0]!), io);
}

async function explain(config: Config, path: string, io: CliIo): Promise<number> {
  const out = (label: string, text: string) => io.stdout.write(`${`${label}:`.padEnd(11)}${text}\n`);
  out('file', path);
  const index = findWatchIndex(config, path);
  if (index < 0) {
    out('result', 'not queued: not inside any watch folder');
    for (const [i, w] of config.watch.entries()) out(`watch[${i}]`, w.path);
    return 1;
  }
  const watch = config.watch[index]!;
  out('watch', `watch[${index}] ${watch.path}`);
  const plan = planJob(config, index, path, Date.now());
  if (plan.relPath) out('relative', plan.relPath);
  if (!plan.ok) {
    out('result', `not queued: ${plan.reason}`);
    return 1;
  }
  out(
    'rule',
    plan.rule
      ? `${plan.rule.name} (${plan.rule.pattern_type} "${plan.rule.pattern}", priority ${plan.rule.priority})`
      : `none matched; the watch folder's profile applies (priority ${plan.priority})`,
  );
  out('profile', `${plan.profile.name}${plan.profile.description ? ` - ${plan.profile.description}` : ''}`);
  out('output', plan.outputPath);
  out('source', describeAction(plan.sourceAction));
  out('collision', plan.collision);
  for (const warning of plan.warnings) out('warning', warning);
  const inside = await ensureInside(watch.output, plan.outputPath);
  if (!inside.ok) {
    out('result', `not queued: ${inside.error.message}`);
    return 1;
  }
  out('result', 'would be queued');
  return 0;
}

function describeAction(action: SourceAction): string {
  if (action.kind === 'move') return `moved to ${action.folder} after the output is verified`;
  if (action.kind === 'delete') return 'deleted after the output is verified';
  return 'kept';
}

function usageError(io: CliIo, message: string): number {
  io.stderr.write(`bvp rules: ${message}\nRun "bvp rules --help" for usage.\n`);
  return 2;
}

export const rulesCommand: CliCommand = {
  name: 'rules',
  summary: 'explain which rule a file would match and where its output would go',
  run,
};
