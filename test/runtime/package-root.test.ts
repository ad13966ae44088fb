import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/runtime/package-root.ts';
import { REPO_ROOT } from '../helpers/bvp.ts';

describe('packageRoot', () => {
  it('finds the package from the sources and from any depth of the build', () => {
    expect(packageRoot()).toBe(REPO_ROOT);
    expect(packageRoot(path.join(REPO_ROOT, 'dist', 'chunks', 'serve-X.js'))).toBe(REPO_ROOT);
    expect(packageRoot(path.join(REPO_ROOT, 'dist', 'main.js'))).toBe(REPO_ROOT);
  });
});
