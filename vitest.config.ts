import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'machines/**/*.test.ts', 'src/**/*.test.ts'],
    exclude: ['test/deno/**', 'test/bench/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Real ffmpeg encodes are CPU-bound; two cores, so keep file-level parallelism modest.
    maxWorkers: 2,
    // Brings dist/ (what bin/bvp.js runs) up to date once, before any test spawns `bvp`.
    globalSetup: ['test/global-build.ts'],
  },
});
