import { BvpError } from '../errors.ts';
import { BUILTIN_TARGETS, findTarget, TARGET_NAMES } from './catalogue.ts';
import { didYouMean } from './suggest.ts';
import type { PlaybackTarget } from './types.ts';

/** "unknown target "qlb" (did you mean "qlab"?); known: qlab, disguise, …" */
export function unknownTargetMessage(name: string): string {
  const guess = didYouMean(name, TARGET_NAMES);
  return `unknown playback target "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}; known: ${TARGET_NAMES.join(', ')}`;
}

/** @throws BvpError `profile.invalid` with a "did you mean" when the target is not in the catalogue. */
export function resolveTarget(name: string): PlaybackTarget {
  const target = findTarget(name);
  if (target) return target;
  throw new BvpError('profile.invalid', unknownTargetMessage(name), {
    details: { target: name, known: BUILTIN_TARGETS.map((t) => t.name) },
  });
}
