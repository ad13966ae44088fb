import type { MediaInfo } from '../media/media-info.ts';
import { describeReadiness } from '../media/readiness.ts';
import type { VerifyCheck } from '../media/verify-checks.ts';
import type { Profile } from '../profiles/schema.ts';
import { checkTarget } from './check.ts';
import type { PlaybackTarget } from './types.ts';

export interface TargetReport {
  target: string;
  title: string;
  ready: boolean;
  checks: VerifyCheck[];
  /** The profile that would make the file ready (the one asked for, else the target's first), and its changes. */
  profile: { name: string; changes: string[]; problems: string[] } | null;
  note: string | null;
}

/**
 * Whether a file is ready for a target, check by check, and what a profile would change to make it so. Pure: the
 * caller probes and reads keyframe times.
 */
export function targetReport(
  info: MediaInfo,
  target: PlaybackTarget,
  options: { keyframeTimes?: readonly number[]; profile?: Profile; fallback?: Profile } = {},
): TargetReport {
  const checks = checkTarget(info, target, options.keyframeTimes);
  const ready = checks.every((c) => c.ok);
  const chosen = options.profile ?? (ready ? undefined : options.fallback);
  const readiness = chosen ? describeReadiness(info, chosen) : null;
  return {
    target: target.name,
    title: target.title,
    ready,
    checks,
    profile:
      chosen && readiness
        ? { name: chosen.name, changes: readiness.changes, problems: readiness.problems }
        : null,
    note: target.note ?? null,
  };
}

/** The text block `bvp analyze --target` prints. */
export function formatTargetReport(report: TargetReport): string {
  const lines = [`target ${report.target} (${report.title}): ${report.ready ? 'READY' : 'NOT READY'}`];
  const prefix = `target.${report.target}.`;
  for (const c of report.checks) {
    const name = c.name.startsWith(prefix) ? c.name.slice(prefix.length) : c.name;
    const verdict = c.ok ? 'ok  ' : 'FAIL';
    lines.push(`  ${verdict} ${name}: ${c.actual}${c.ok ? '' : ` (wants ${c.expected})`}`);
  }
  if (report.note) lines.push(`  note: ${report.note}`);
  if (report.profile) {
    lines.push(`profile ${report.profile.name} would make it ready:`);
    for (const problem of report.profile.problems) lines.push(`  ! ${problem}`);
    for (const change of report.profile.changes) lines.push(`  - ${change}`);
    if (report.profile.changes.length === 0 && report.profile.problems.length === 0)
      lines.push('  - nothing to change');
  }
  return `${lines.join('\n')}\n`;
}
