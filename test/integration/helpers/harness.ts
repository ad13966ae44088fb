import { writeFile } from 'node:fs/promises';
import { afterEach } from 'vitest';
import { stringify } from 'yaml';
import { type Bulletproof, startBulletproof } from '../../../src/app.ts';
import type { JobView, ServiceEvent } from '../../../src/service/types.ts';
import { makeTempDir, type TempDir } from '../../helpers/clips.ts';

/** A service event as the harness keeps it: `run` says which start (0, 1, …) it came from. */
export type SeenEvent = ServiceEvent & { run: number };

export interface HarnessStartOptions {
  /** Live reload of the config file (off unless a test is about it: one less fs.watch per test). */
  watchConfig?: boolean;
}

/**
 * A temp folder holding a config file, the folders it names and a Bulletproof started on it — the real app, with
 * real chokidar, ffprobe and ffmpeg — that records every service event. Events survive restarts, tagged by run,
 * so a test can ask what the second start did. `until` re-checks its condition on every event, with a deadline.
 */
export interface Harness {
  readonly dir: TempDir;
  readonly configFile: string;
  readonly events: SeenEvent[];
  readonly logs: string[];
  /** The running app; throws when none is running. */
  app(): Bulletproof;
  /** Index of the current (or last) start; -1 before the first. */
  run(): number;
  writeConfig(config: Record<string, unknown> | string): Promise<void>;
  start(options?: HarnessStartOptions): Promise<Bulletproof>;
  stop(): Promise<void>;
  /** Events of `type`, optionally from one run only. */
  ofType(type: string, run?: number): SeenEvent[];
  /** Resolves with the first event (already recorded or future) matching `predicate`. */
  until(predicate: (event: SeenEvent) => boolean, what: string, timeoutMs?: number): Promise<SeenEvent>;
  cleanup(): Promise<void>;
}

/** The job a job.* event carries (the service puts the job's view under `data.job`). */
export function jobOf(event: ServiceEvent): JobView {
  if ('job' in event.data) return event.data.job;
  throw new Error(`${event.type} carries no job`);
}

/** The source path an event is about: a file event's path or a job event's source. */
export function pathOf(event: ServiceEvent): string | null {
  if ('path' in event.data) return event.data.path;
  if ('job' in event.data) return event.data.job.source.path;
  return null;
}

export async function createHarness(prefix = 'bvp-hot-'): Promise<Harness> {
  const dir = await makeTempDir(prefix);
  const configFile = dir.join('bvp.yaml');
  const events: SeenEvent[] = [];
  const logs: string[] = [];
  const waiters = new Set<() => void>();
  let app: Bulletproof | null = null;
  let run = -1;

  const describeEvents = () => events.map((e) => `  [${e.run}] ${e.type} ${pathOf(e) ?? ''}`).join('\n');

  const harness: Harness = {
    dir,
    configFile,
    events,
    logs,
    app() {
      if (!app) throw new Error('the harness has no running app');
      return app;
    },
    run: () => run,
    async writeConfig(config) {
      await writeFile(configFile, typeof config === 'string' ? config : stringify(config));
    },
    async start(options = {}) {
      if (app) throw new Error('already started');
      run++;
      const thisRun = run;
      const started = await startBulletproof({
        configFile,
        watchConfig: options.watchConfig ?? false,
        log: (line) => logs.push(line),
      });
      started.service.subscribe((event) => {
        events.push({ ...event, run: thisRun });
        for (const wake of [...waiters]) wake();
      });
      app = started;
      return started;
    },
    async stop() {
      const running = app;
      app = null;
      await running?.stop();
    },
    ofType: (type, inRun) =>
      events.filter((e) => e.type === type && (inRun === undefined || e.run === inRun)),
    until(predicate, what, timeoutMs = 30_000) {
      const found = events.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const wake = () => {
          const hit = events.find(predicate);
          if (!hit) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(hit);
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(
            new Error(
              `timed out after ${timeoutMs} ms waiting for ${what}; events:\n${describeEvents()}\nlog:\n${logs.join('\n')}`,
            ),
          );
        }, timeoutMs);
        waiters.add(wake);
      });
    },
    async cleanup() {
      await harness.stop().catch(() => {});
      await dir.cleanup();
    },
  };
  return harness;
}

/** Registers an afterEach that stops and removes every harness the returned function created in the test. */
export function useHarnesses(): (prefix?: string) => Promise<Harness> {
  const live: Harness[] = [];
  afterEach(async () => {
    for (const h of live.splice(0)) await h.cleanup();
  });
  return async (prefix) => {
    const h = await createHarness(prefix);
    live.push(h);
    return h;
  };
}

/** For conditions no event announces (a file on disk, a subprocess's store): re-check on a short period. */
export async function pollUntil(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
