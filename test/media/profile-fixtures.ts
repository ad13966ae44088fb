import * as v from 'valibot';
import { BUILTIN_PROFILE_INPUTS } from '../../src/profiles/catalogue.ts';
import { type Profile, ProfileSchema } from '../../src/profiles/schema.ts';

/** A built-in profile parsed straight from the catalogue, so these tests do not depend on the registry. */
export function builtinProfile(name: string): Profile {
  const input = BUILTIN_PROFILE_INPUTS.find((p) => p.name === name);
  if (!input) throw new Error(`no built-in profile ${name}`);
  return v.parse(ProfileSchema, input);
}

export function allBuiltinProfiles(): Profile[] {
  return BUILTIN_PROFILE_INPUTS.map((p) => v.parse(ProfileSchema, p));
}
