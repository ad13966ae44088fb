import type { Profile } from '../profiles/schema.ts';
import { validateProfile } from '../profiles/validate.ts';
import { type DocPath, parseDocPath } from './issue-path.ts';
import type { RawIssue } from './schema-issues.ts';

/**
 * Custom profiles from the config: each validated with validateProfile (issues re-rooted at `profiles[i]`), and a
 * name defined twice reported at the second. Only the valid ones are returned, so rule checks can still tell a
 * misspelt profile name from a broken profile.
 */
export function checkCustomProfiles(input: unknown): { profiles: Profile[]; issues: RawIssue[] } {
  if (!Array.isArray(input)) return { profiles: [], issues: [] };
  const issues: RawIssue[] = [];
  const profiles: Profile[] = [];
  const firstIndex = new Map<string, number>();
  input.forEach((item, index) => {
    const base: DocPath = ['profiles', index];
    const name = (item as { name?: unknown } | null)?.name;
    if (typeof name === 'string') {
      const first = firstIndex.get(name);
      if (first !== undefined) {
        issues.push({
          path: [...base, 'name'],
          message: `duplicate custom profile name "${name}" (already defined at profiles[${first}])`,
        });
        return;
      }
      firstIndex.set(name, index);
    }
    const result = validateProfile(item);
    if (result.ok) profiles.push(result.profile);
    else {
      for (const issue of result.issues) {
        issues.push({ path: [...base, ...parseDocPath(issue.path)], message: issue.message });
      }
    }
  });
  return { profiles, issues };
}
