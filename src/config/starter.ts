import { join } from 'node:path';
import { BvpError } from '../errors.ts';
import { formatIssues } from './format-issues.ts';
import type { Config } from './types.ts';
import { validateConfigText } from './validate-text.ts';

export interface StarterOptions {
  /** The watch folder as it should appear in the file (relative to the file's folder, or absolute). */
  watch?: string;
}

/**
 * A commented starter config for `bvp config init`: every setting an operator is likely to touch, with the reason
 * for its default. It is valid as written (a test holds it to that).
 */
export function starterConfigText(options: StarterOptions = {}): string {
  const watch = yamlString(options.watch ?? './watch');
  return `# Bulletproof config (written by "bvp config init").
# Relative paths are relative to the folder of this file.
# Check it:            bvp config validate <this file>
# Try a file name:     bvp rules test <path> --config <this file>

watch:
  # Files dropped here (or in sub-folders) are transcoded once they have finished copying.
  - path: ${watch}
    # Rules are tried highest priority first, then in the order written; the first match wins.
    # Globs match the path relative to the watch folder and ignore case:
    # * stays within one folder, ** crosses folders, {a,b} is either.
    rules:
      - name: audio
        pattern: "**/*.{wav,wave,bwf,aif,aiff,mp3,m4a,flac}"
        profile: audio-qlab
    # Files no rule matches: ProRes Proxy .mov with 24-bit PCM, the safe choice for QLab playback.
    profile: live-qlab
    # A file counts as copied when its size and time have not changed for this many seconds.
    stable_seconds: 5
    # Network shares (SMB/NFS) do not report changes: poll them instead.
    polling: false

# Outputs go here; sub-folders of the watch folder are mirrored.
output: ./output

# After the output is verified, the source is: keep | delete | { move: ./done }
source_action: keep

# When an output name is taken: suffix (clip-1.mov) | overwrite | fail
collision: suffix

# Transcodes at once (1-64). ProRes and HEVC encodes each keep several cores busy.
concurrency: 1

# The job database and other state.
data: ./data

api:
  # Loopback only: any other address needs a token (at least 16 characters).
  host: 127.0.0.1
  port: 8080
`;
}

/** The configuration used when there is no file: the starter config, with its paths under `baseDir`. */
export function defaultConfig(baseDir: string): Config {
  const result = validateConfigText(starterConfigText(), { file: join(baseDir, '(defaults)'), baseDir });
  if (result.ok) return result.config;
  throw new BvpError('internal', `The built-in default config is invalid:\n${formatIssues(result.issues)}`);
}

/** Plain when YAML reads it back unchanged, JSON-quoted (valid YAML) otherwise. */
function yamlString(value: string): string {
  return /^[\w./~-][\w./ ~-]*$/.test(value) && !/\s$/.test(value) ? value : JSON.stringify(value);
}
