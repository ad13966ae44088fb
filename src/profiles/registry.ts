import { BvpError } from '../errors.ts';
import type { Profile } from './schema.ts';
import { BUILTIN_PROFILES } from './validate.ts';

export interface ProfileRegistry {
  /** Built-ins in catalogue order (a replaced one keeps its place), then custom profiles in the order given. */
  all(): Profile[];
  get(name: string): Profile | undefined;
  names(): string[];
  /** @throws BvpError `profile.unknown`, naming the known profiles, with `details: { known }`. */
  resolve(name: string): Profile;
  /** True when `name` is a built-in that no custom profile replaced. */
  isBuiltin(name: string): boolean;
}

/**
 * The profiles a service knows: the built-ins plus custom profiles from the config (already validated with
 * validateProfile). A custom profile with a built-in's name **replaces** the built-in, so a site can retune
 * `live-h264` without renaming every rule that uses it; `isBuiltin` then answers false for that name. Two custom
 * profiles with one name are a config mistake, not a choice: that throws `profile.invalid`.
 *
 * @example
 * const base = createProfileRegistry();
 * const registry = createProfileRegistry([{ ...base.resolve('live-h264'), name: 'lobby-loop' }]);
 * registry.resolve('lobby-loop');
 */
export function createProfileRegistry(custom: readonly Profile[] = []): ProfileRegistry {
  const seen = new Set<string>();
  for (const profile of custom) {
    if (seen.has(profile.name)) {
      throw new BvpError('profile.invalid', `Custom profile "${profile.name}" is defined twice`, {
        details: { name: profile.name },
      });
    }
    seen.add(profile.name);
  }
  const byName = new Map<string, Profile>();
  for (const profile of BUILTIN_PROFILES) byName.set(profile.name, profile);
  // Map keeps first-insertion order on overwrite, so a replaced built-in stays where it was in the list.
  for (const profile of custom) byName.set(profile.name, profile);
  const builtins = new Set(BUILTIN_PROFILES.filter((p) => !seen.has(p.name)).map((p) => p.name));

  return {
    all: () => [...byName.values()],
    get: (name) => byName.get(name),
    names: () => [...byName.keys()],
    resolve(name) {
      const profile = byName.get(name);
      if (profile) return profile;
      const known = [...byName.keys()];
      throw new BvpError(
        'profile.unknown',
        `Unknown profile "${name}". Known profiles: ${known.join(', ')}`,
        {
          details: { known },
        },
      );
    },
    isBuiltin: (name) => builtins.has(name),
  };
}
