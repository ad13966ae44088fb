import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/bvp.ts';

/**
 * machines/ is pure: state machines and the domain model they share with src/. It imports nothing from src/ and no
 * runtime-aware package, so the dashboard can bundle it for the browser and a remote worker can reuse it.
 */
const FORBIDDEN: { name: string; test: (specifier: string) => boolean }[] = [
  { name: 'src/', test: (s) => /^(\.\.\/)+src(\/|$)/.test(s) },
  { name: 'node:', test: (s) => s.startsWith('node:') },
  { name: 'execa', test: (s) => s === 'execa' || s.startsWith('execa/') },
  { name: 'chokidar', test: (s) => s === 'chokidar' || s.startsWith('chokidar/') },
  { name: 'hono', test: (s) => s === 'hono' || s.startsWith('hono/') || s.startsWith('@hono/') },
  { name: 'libsql', test: (s) => s === 'libsql' || s.startsWith('libsql/') || s.startsWith('@libsql/') },
  { name: 'yaml', test: (s) => s === 'yaml' || s.startsWith('yaml/') },
];

/** Every module specifier in a source: static imports/exports, dynamic import() and require(). */
function specifiersOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) found.push(match[1]!);
  }
  return found;
}

async function machineSources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('machines/ purity', () => {
  it('finds the specifiers of every import form', () => {
    const source = [
      "import { a } from '../src/x.ts';",
      "import type {\n  B,\n} from 'node:fs';",
      "export * from 'execa';",
      "import 'chokidar';",
      "const h = await import('hono');",
      "const y = require('yaml');",
    ].join('\n');
    expect(specifiersOf(source).sort()).toEqual([
      '../src/x.ts',
      'chokidar',
      'execa',
      'hono',
      'node:fs',
      'yaml',
    ]);
  });

  it('no module under machines/ imports src/, node:, execa, chokidar, hono, libsql or yaml', async () => {
    const files = await machineSources(path.join(REPO_ROOT, 'machines'));
    expect(files.length).toBeGreaterThan(0);
    const offences: string[] = [];
    for (const file of files) {
      for (const specifier of specifiersOf(await readFile(file, 'utf8'))) {
        const rule = FORBIDDEN.find((f) => f.test(specifier));
        if (rule) offences.push(`${path.relative(REPO_ROOT, file)} imports ${specifier} (${rule.name})`);
      }
    }
    expect(offences).toEqual([]);
  });
});
