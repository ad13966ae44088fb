import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { formatIssues } from '../../config/format-issues.ts';
import { loadConfig } from '../../config/load.ts';
import { redactConfig } from '../../config/redact.ts';
import { starterConfigText } from '../../config/starter.ts';
import { configToFileForm } from '../../config/to-file-form.ts';
import type { Config, ConfigIssue } from '../../config/types.ts';
import { isBvpError } from '../../errors.ts';
import type { CliCommand, CliIo } from '../io.ts';

export const DEFAULT_CONFIG_FILE = 'config/default.yaml';

const USAGE = `Usage: bvp config <validate|init|show> [options]

  bvp config validate FILE                     check a config file; every problem is listed at once
  bvp config init [--watch DIR] [--output FILE|-]
                                               write a commented starter config (default ./bvp.yaml;
                                               - prints it); never overwrites a file
  bvp config show [--config FILE] [--json]     the effective config, defaults filled in, token hidden
                                               (default FILE: ${DEFAULT_CONFIG_FILE})

Paths in issues are zero-based: watch[0] is the first watch folder.
Exit codes: 0 ok, 1 invalid or failed, 2 bad usage.
`;

const SUB_USAGE: Record<string, string> = {
  validate:
    'Usage: bvp config validate FILE\n\nChecks FILE and lists every problem with its line. Exit 0 valid, 1 invalid.\n',
  init: 'Usage: bvp config init [--watch DIR] [--output FILE|-]\n\nWrites a commented starter config (default ./bvp.yaml, - for stdout). Refuses to overwrite.\n',
  show: `Usage: bvp config show [--config FILE] [--json]\n\nPrints the effective config (YAML, or JSON with --json) with the API token replaced by ***.\nDefault FILE: ${DEFAULT_CONFIG_FILE}\n`,
};

interface Parsed {
  values: { help?: boolean; watch?: string; output?: string; config?: string; json?: boolean };
  positionals: string[];
}

type Options = {
  help: { type: 'boolean'; short: 'h' };
  watch: { type: 'string' };
  output: { type: 'string'; short: 'o' };
  config: { type: 'string'; short: 'c' };
  json: { type: 'boolean' };
};

const OPTIONS: Options = {
  help: { type: 'boolean', short: 'h' },
  watch: { type: 'string' },
  output: { type: 'string', short: 'o' },
  config: { type: 'string', short: 'c' },
  json: { type: 'boolean' },
};

/** Which options each sub-command takes; anything else is a usage error, not silently ignored. */
const ALLOWED: Record<string, readonly (keyof Options)[]> = {
  validate: ['help'],
  init: ['help', 'watch', 'output'],
  show: ['help', 'config', 'json'],
};

async function run(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    (sub === undefined ? io.stderr : io.stdout).write(USAGE);
    return sub === undefined ? 2 : 0;
  }
  const allowed = ALLOWED[sub];
  if (!allowed) return usageError(io, `unknown sub-command "${sub}" (validate, init or show)`);
  let parsed: Parsed;
  try {
    parsed = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return usageError(io, (error as Error).message, sub);
  }
  const given = Object.keys(parsed.values) as (keyof Options)[];
  const stray = given.find((name) => !allowed.includes(name));
  if (stray) return usageError(io, `option --${stray} does not apply to "config ${sub}"`, sub);
  if (parsed.values.help) {
    io.stdout.write(SUB_USAGE[sub]!);
    return 0;
  }
  if (sub === 'validate') return validate(parsed.positionals, io);
  if (parsed.positionals.length > 0)
    return usageError(io, `unexpected argument "${parsed.positionals[0]}"`, sub);
  if (sub === 'init') return init(parsed.values.watch, parsed.values.output, io);
  return show(parsed.values.config, parsed.values.json === true, io);
}

async function validate(positionals: string[], io: CliIo): Promise<number> {
  if (positionals.length !== 1) return usageError(io, 'expects exactly one FILE', 'validate');
  const file = resolve(io.cwd, positionals[0]!);
  const config = await load(file, io);
  if (!config) return 1;
  const rules = config.watch.reduce((n, w) => n + w.rules.length, 0);
  const watches = config.watch.length;
  io.stdout.write(
    `valid: ${file} (${watches} watch folder${watches === 1 ? '' : 's'}, ${rules} rule${rules === 1 ? '' : 's'}, ${config.profiles.length} custom profile${config.profiles.length === 1 ? '' : 's'})\n`,
  );
  return 0;
}

async function init(watch: string | undefined, output: string | undefined, io: CliIo): Promise<number> {
  const target = output ?? 'bvp.yaml';
  if (target === '-') {
    io.stdout.write(starterConfigText({ watch }));
    return 0;
  }
  const file = resolve(io.cwd, target);
  // Relative paths in the file are read against its folder, so a --watch given relative to the shell moves there.
  const text = starterConfigText({
    watch: watch === undefined ? undefined : relativeTo(dirname(file), resolve(io.cwd, watch)),
  });
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text, { flag: 'wx' });
  } catch (error) {
    const exists = (error as NodeJS.ErrnoException).code === 'EEXIST';
    io.stderr.write(
      `bvp config init: ${exists ? `${file} already exists; not overwriting it` : (error as Error).message}\n`,
    );
    return 1;
  }
  io.stdout.write(`wrote ${file}\nnext: bvp config validate ${target} && bvp serve --config ${target}\n`);
  return 0;
}

async function show(configFile: string | undefined, json: boolean, io: CliIo): Promise<number> {
  const file = resolve(io.cwd, configFile ?? DEFAULT_CONFIG_FILE);
  const config = await load(file, io);
  if (!config) return 1;
  const safe = redactConfig(config);
  if (json) io.stdout.write(`${JSON.stringify(safe, null, 2)}\n`);
  else
    io.stdout.write(
      `# effective config of ${file} (defaults filled in, token hidden)\n${stringify(configToFileForm(safe))}`,
    );
  return 0;
}

/** Loads a config, printing every issue on failure (the edge where issues become text). */
export async function loadForCli(file: string, io: CliIo, command: string): Promise<Config | undefined> {
  try {
    return await loadConfig(file);
  } catch (error) {
    if (isBvpError(error) && error.code === 'config.invalid' && Array.isArray(error.details)) {
      const issues = error.details as ConfigIssue[];
      io.stderr.write(
        `${formatIssues(issues)}\n${issues.length} problem${issues.length === 1 ? '' : 's'} in ${file}\n`,
      );
      return undefined;
    }
    io.stderr.write(`bvp ${command}: ${error instanceof Error ? error.message : String(error)}\n`);
    return undefined;
  }
}

function load(file: string, io: CliIo): Promise<Config | undefined> {
  return loadForCli(file, io, 'config');
}

function relativeTo(base: string, target: string): string {
  const rel = relative(base, target);
  if (rel === '') return '.';
  if (isAbsolute(rel)) return target;
  return rel.startsWith('..') ? rel : `./${rel}`;
}

function usageError(io: CliIo, message: string, sub?: string): number {
  const name = sub ? `config ${sub}` : 'config';
  io.stderr.write(`bvp ${name}: ${message}\nRun "bvp ${name} --help" for usage.\n`);
  return 2;
}

export const configCommand: CliCommand = {
  name: 'config',
  summary: 'validate, create or show a config file',
  run,
};
