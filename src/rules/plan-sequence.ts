import path from 'node:path';
import type { Config } from '../config/types.ts';
import { type JobPlan, type NoPlan, planJob } from './plan-job.ts';

/**
 * The plan for an image-sequence folder: rules match its first frame (`intro/intro_00001.png`, so `**\/*.png` and
 * `intro/**` both work), the output is named after the folder (`intro.mov`, `{stem}` = `intro`), and the source is
 * always kept: moving or deleting a whole folder of frames is not done yet, so a rule asking for it gets a warning.
 */
export function planSequenceJob(
  config: Config,
  watchIndex: number,
  folder: string,
  firstFrame: string,
  now: Date | number,
): JobPlan | NoPlan {
  const watch = config.watch[watchIndex];
  if (!watch) return { ok: false, code: 'no_watch', reason: `there is no watch[${watchIndex}]` };
  const relFolder = path.relative(watch.path, folder).split(path.sep).join('/');
  const plan = planJob(config, watchIndex, firstFrame, now, { outputFolder: relFolder });
  if (!plan.ok) return plan;
  const warnings = [...plan.warnings];
  if (plan.sourceAction.kind !== 'keep') {
    warnings.push(
      `source_action ${plan.sourceAction.kind} is not applied to image sequences: the folder ${relFolder} is kept`,
    );
  }
  return { ...plan, relPath: relFolder, sourceAction: { kind: 'keep' }, warnings };
}
