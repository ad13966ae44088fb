import path from 'node:path';
import type { Config } from '../config/index.ts';
import { DEFAULT_OUTPUT_PATTERN } from '../config/index.ts';
import { createProfileRegistry } from '../profiles/registry.ts';
import { ensureInside, findWatchIndex, matchRule, renderOutputPath } from '../rules/index.ts';
import { fedWatchReason, watchFedBy } from '../rules/output-feeds-watch.ts';
import type { SubmitRequest } from '../service/types.ts';
import type { ApiErrorCode } from './error-map.ts';
import type { SubmitBody } from './schemas.ts';

export type SubmissionPlan =
  | { ok: true; request: SubmitRequest }
  | { ok: false; code: ApiErrorCode; field: 'source' | 'output'; message: string };

const refuse = (code: ApiErrorCode, field: 'source' | 'output', message: string): SubmissionPlan => ({
  ok: false,
  code,
  field,
  message,
});

/**
 * Turns POST /jobs into a service submission under the config's rules. The source must lie inside a watch folder
 * (checked on the real filesystem, so a symlink cannot reach elsewhere) — the API must not read arbitrary files off
 * the show machine; the output defaults to what the folder's rules would produce and must stay inside that
 * folder's output folder with the profile's extension. The source is always kept: an API submission never deletes
 * or moves an operator's file.
 * @throws BvpError `profile.unknown` naming the known profiles.
 */
export async function planSubmission(config: Config, body: SubmitBody, now: number): Promise<SubmissionPlan> {
  const source = path.resolve(body.source);
  const index = findWatchIndex(config, source);
  const watch = config.watch[index];
  if (!watch) return refuse('request.invalid', 'source', 'source must lie inside a watch folder');
  const inside = await ensureInside(watch.path, source);
  if (!inside.ok) return refuse('request.invalid', 'source', `source ${inside.error.message}`);

  const profile = createProfileRegistry(config.profiles).resolve(body.profile);
  const relPath = path.relative(watch.path, source).split(path.sep).join('/');
  const match = matchRule(watch, relPath);
  let output: string;
  if (body.output === undefined) {
    const pattern = match.ok ? match.rule.output_pattern : DEFAULT_OUTPUT_PATTERN;
    const rendered = renderOutputPath({ pattern, outputDir: watch.output, relPath, profile, now });
    if (!rendered.ok) return refuse('output.escape', 'output', rendered.error.message);
    output = rendered.path;
  } else {
    output = path.resolve(watch.output, body.output);
    const ext = path.extname(output).slice(1).toLowerCase();
    if (ext !== profile.container) {
      return refuse(
        'request.invalid',
        'output',
        `output must end in .${profile.container} for ${profile.name}`,
      );
    }
  }
  const contained = await ensureInside(watch.output, output);
  if (!contained.ok) return refuse('output.escape', 'output', contained.error.message);
  // The hot folders' own rule: an output a watcher would pick up again is refused for the API too.
  const fed = watchFedBy(config, output);
  if (fed) return refuse('output.escape', 'output', fedWatchReason(output, fed));
  return {
    ok: true,
    request: {
      source,
      profile: profile.name,
      output,
      priority: body.priority ?? (match.ok ? match.rule.priority : watch.priority),
      sourceAction: { kind: 'keep' },
      collision: config.collision,
      origin: 'api',
    },
  };
}
