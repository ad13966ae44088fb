import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of Bulletproof's own package.json: where config/default.yaml and src/dashboard/ live. Found by walking
 * up from this module, because the module sits at a different depth in the sources (src/runtime/) than in the
 * Node build (dist/chunks/): a fixed `../..` from `import.meta.url` is right in one of them only.
 */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = path.dirname(from); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && isOurs(manifest)) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no Bulletproof package.json above ${from}`);
  }
}

function isOurs(manifest: string): boolean {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'bulletproof';
  } catch {
    return false;
  }
}
