import path from 'node:path';
import type { AnyActorRef, AnyStateMachine, InspectionEvent } from 'xstate';
import type { IntakeOutput } from '../../machines/intake.ts';
import type { SourceIdentity } from '../../machines/types.ts';
import type { Config, WatchConfig } from '../config/index.ts';
import { isBvpError } from '../errors.ts';
import type { MediaInfo } from '../media/media-info.ts';
import type { ProbeOptions } from '../media/probe.ts';
import { statSource } from '../media/source-stat.ts';
import { checkCandidate } from '../rules/candidate.ts';
import { ensureInside } from '../rules/ensure-inside.ts';
import { findWatchIndex } from '../rules/find-watch.ts';
import { planJob } from '../rules/plan-job.ts';
import { planSequenceJob } from '../rules/plan-sequence.ts';
import type { Service } from '../service/service.ts';
import { untilAborted } from '../until-aborted.ts';
import { isInside } from './candidate-filter.ts';
import { createFolderWatcher } from './folder-watcher.ts';
import { createIntakeRunner } from './intake-runner.ts';
import { sequenceFolderOf } from './sequence-gather.ts';
import { createSequenceIntake } from './sequence-intake.ts';
import type { CandidateEvent, FolderWatcher } from './types.ts';

export interface HotFoldersDeps {
  service: Service;
  ffprobe: string;
  /** The probe the intake runs on a settled file (default ffprobe); the service's probe cache should use the same. */
  probeFile?: (file: string, options: ProbeOptions) => Promise<MediaInfo>;
  now?: () => number;
  onError?: (error: unknown) => void;
  /** XState's inspection callback per intake actor, by its inspector name (src/inspect/inspect-hub.ts). */
  inspect?: (rootName: string) => (event: InspectionEvent) => void;
}

export interface WatchStatus {
  path: string;
  watching: boolean;
  settling: number;
  ignored: number;
  rejected: number;
}

export interface HotFolders {
  /**
   * Starts, stops or rebuilds watchers to match the config; rules and profiles apply to the next settled file.
   * `signal` stops starting further watchers (the service is stopping); it rejects with the signal's reason.
   */
  apply(config: Config, signal?: AbortSignal): Promise<void>;
  status(): WatchStatus[];
  scanNow(): Promise<void>;
  /**
   * Closes every watcher; none reports anything afterwards. `signal` stops the wait (a watcher stuck in a hung network
   * mount finishes closing on its own), so a stuck close cannot hold a stop forever.
   */
  close(signal?: AbortSignal): Promise<void>;
  /** The intake machine the runner runs, and its live actors by inspector name (`intake:<path>`). */
  readonly intakeLogic: AnyStateMachine;
  inspectActors(): [string, AnyActorRef][];
}

interface Watching {
  key: string;
  watcher: FolderWatcher;
  started: boolean;
  ignored: number;
  rejected: number;
}

/** Reasons that say nothing about the file itself: intake `probe_failed`, and service.submit error codes. */
const TRANSIENT_REASONS: ReadonlySet<string> = new Set(['probe_failed', 'store.io', 'job.state', 'internal']);

/**
 * What makes a watch entry need a fresh watcher. Rules and the folder's profile count too: a new watcher rescans the
 * folder, so files that matched no rule before get planned again with the new rules (see onCandidate).
 */
function watcherKey(w: WatchConfig): string {
  return JSON.stringify([
    w.recursive,
    w.extensions,
    w.ignore,
    w.exclude,
    w.poll_interval,
    w.polling,
    w.image_sequences,
    w.rules,
    w.profile,
  ]);
}

/**
 * The hot folders: a watcher per watch folder (fs events as hints, a reconcile scan as the truth), an intake actor
 * per candidate (settle, then probe), then rules → service.submit. Each source identity is queued at most once,
 * across restarts; a file that is unreadable or matches no rule is reported once (event + seen record), not on
 * every scan.
 */
export function createHotFolders(deps: HotFoldersDeps): HotFolders {
  const { service } = deps;
  const now = deps.now ?? Date.now;
  const onError =
    deps.onError ?? ((error: unknown) => service.publish('service.error', { message: String(error) }));
  const watching = new Map<string, Watching>();
  let config: Config | null = null;

  const report = (
    kind: 'ignored' | 'rejected',
    identity: SourceIdentity,
    reason: string,
    message: string,
  ) => {
    const entry = config && watching.get(config.watch[findWatchIndex(config, identity.path)]?.path ?? '');
    if (entry) entry[kind]++;
    // A stored verdict is final for this identity (never looked at again, across restarts), so only verdicts about
    // the file are stored. A failure of our own (ffprobe missing or timed out, store or service trouble) is
    // reported, and the file is tried again after a restart or any change to it.
    if (!TRANSIENT_REASONS.has(reason)) {
      service.store.markSeen(identity, kind, { reason: `${reason}: ${message}` });
    }
    // `outcome` tells the two apart under one event: ignored = not for us, rejected = for us but unusable.
    service.publish('file.ignored', { path: identity.path, reason, message, outcome: kind });
  };

  const submitSettled = async (identity: SourceIdentity, info: MediaInfo): Promise<void> => {
    if (!config) return;
    const index = findWatchIndex(config, identity.path);
    // An image-sequence folder: rules see its first frame, the output takes the folder's name (plan-sequence.ts).
    const plan = info.sequence
      ? planSequenceJob(
          config,
          index,
          identity.path,
          path.join(identity.path, info.sequence.firstName),
          now(),
        )
      : planJob(config, index, identity.path, now());
    if (!plan.ok) return report('ignored', identity, plan.code, plan.reason);
    const inside = await ensureInside(config.watch[index].output, plan.outputPath);
    if (!inside.ok) return report('ignored', identity, 'output', inside.error.message);
    try {
      await service.submit({
        source: identity.path,
        profile: plan.profile.name,
        output: inside.path,
        priority: plan.priority,
        sourceAction: plan.sourceAction,
        collision: plan.collision,
        origin: plan.origin,
        settled: { size: identity.size, mtimeMs: identity.mtimeMs, info },
      });
    } catch (error) {
      // Already queued under another sighting: nothing to report.
      if (isBvpError(error) && error.code === 'job.duplicate') return;
      report('rejected', identity, isBvpError(error) ? error.code : 'internal', (error as Error).message);
    }
  };

  const runner = createIntakeRunner({
    ffprobe: deps.ffprobe,
    probeFile: deps.probeFile,
    onOutcome: (output: IntakeOutput) => {
      if (output.outcome === 'gone') return;
      if (output.outcome === 'rejected') {
        // Identity of what was rejected: a zero-byte or unreadable file changes identity when it is rewritten.
        // The intake knows it unless its own stat failed; only then is the file stat'ed again.
        if (output.identity) return report('rejected', output.identity, output.reason, output.message);
        statSource(output.path)
          .then((s) => {
            const identity = { path: output.path, size: s.size, mtimeMs: s.mtimeMs };
            report('rejected', identity, output.reason, output.message);
          })
          .catch(() => {});
        return;
      }
      submitSettled(output.identity, output.info).catch(onError);
    },
    onError: (_path, error) => onError(error),
    inspect: deps.inspect,
  });

  // Frames of an image-sequence folder are never sources of their own: their folder is (sequence-intake.ts).
  const sequences = createSequenceIntake({ config: () => config, service, runner, now, onError });

  const onCandidate = (event: CandidateEvent): void => {
    const eventWatch = config?.watch[findWatchIndex(config, event.path)];
    const folder = eventWatch?.image_sequences ? sequenceFolderOf(eventWatch.path, event.path) : null;
    if (folder) {
      sequences.touch(folder);
      return;
    }
    if (event.type === 'removed') {
      runner.removed(event.path);
      return;
    }
    if (!config) return;
    const identity = { path: event.path, size: event.size, mtimeMs: event.mtimeMs };
    const index = findWatchIndex(config, event.path);
    const watch = config.watch[index];
    if (!watch || !checkCandidate(watch, event.path).ok) return;
    // Queued or finished before (also in an earlier run), or already reported as unusable: stay quiet. "No rule
    // took it" is a verdict about the config, not the file: once the rules take it, it goes ahead.
    const seen = service.store.getSeen(identity);
    if (seen && (seen.outcome !== 'ignored' || !planJob(config, index, event.path, now()).ok)) return;
    if (!runner.isTracking(event.path))
      service.publish('file.detected', { path: event.path, size: event.size });
    runner.present(event.path, event.size, event.mtimeMs, watch.stable_seconds * 1000);
  };

  const startWatcher = (w: WatchConfig): Watching => {
    const watcher = createFolderWatcher({
      path: w.path,
      recursive: w.recursive,
      extensions: w.extensions,
      // The full candidate check (ignore globs, extensions, excluded folders) happens per event with the live config.
      ignore: (relPath) => !checkCandidate(w, path.join(w.path, relPath)).ok,
      excludeDirs: w.exclude,
      pollIntervalMs: w.poll_interval * 1000,
      usePolling: w.polling,
      onCandidate,
      onError,
    });
    return { key: watcherKey(w), watcher, started: false, ignored: 0, rejected: 0 };
  };

  return {
    async apply(next, signal) {
      signal?.throwIfAborted();
      config = next;
      const wanted = new Map(next.watch.map((w) => [w.path, w]));
      for (const [folder, entry] of watching) {
        const w = wanted.get(folder);
        if (!w || watcherKey(w) !== entry.key) {
          watching.delete(folder);
          await untilAborted(entry.watcher.close(), signal);
        }
      }
      for (const w of next.watch) {
        if (watching.has(w.path)) continue;
        // Between watchers, not inside one: a watcher is either started and tracked (close() stops it) or not at all.
        signal?.throwIfAborted();
        const entry = startWatcher(w);
        watching.set(w.path, entry);
        await untilAborted(entry.watcher.start(), signal);
        entry.started = true;
      }
    },
    status() {
      const tracked = runner.trackedPaths();
      return [...watching].map(([folder, entry]) => ({
        path: folder,
        watching: entry.started,
        settling: tracked.filter((p) => isInside(folder, p)).length,
        ignored: entry.ignored,
        rejected: entry.rejected,
      }));
    },
    intakeLogic: runner.logic,
    inspectActors: () => runner.inspectActors(),
    async scanNow() {
      await Promise.all([...watching.values()].map((e) => e.watcher.scanNow()));
    },
    async close(signal) {
      runner.close();
      await untilAborted(Promise.all([...watching.values()].map((e) => e.watcher.close())), signal).catch(
        (error: unknown) => {
          if (!signal?.aborted) throw error;
        },
      );
      watching.clear();
      // A folder listing still under way is dropped (the runner, closed, takes no sighting any more).
      sequences.close();
    },
  };
}
