import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { connectionMachine } from '../machines/connection.ts';
import type { Cluster, StartClusterOptions } from './cluster/start-cluster.ts';
import { createFileConfigControl } from './config/control.ts';
import { type Config, formatIssues, loadConfig, removeStaleTemps } from './config/index.ts';
import { watchConfigFile } from './config/reload.ts';
import { BvpError, isBvpError } from './errors.ts';
import { createApp } from './http/app.ts';
import type { HttpServerHandle } from './http/server-options.ts';
import { DEFAULT_STREAM_OPTIONS } from './http/stream/event-hub.ts';
import type { HealthChecks } from './http/types.ts';
import { serviceMachineCatalogue } from './inspect/catalogue.ts';
import { createInspectHub } from './inspect/inspect-hub.ts';
import { forwardToStately } from './inspect/stately-forward.ts';
import { createLogger, logServiceEvent } from './logger.ts';
import { listEncoders } from './media/encoders.ts';
import { resolveFfmpeg } from './media/ffmpeg-paths.ts';
import { createMetrics } from './metrics/metrics.ts';
import { createProfileRegistry } from './profiles/registry.ts';
import type { StartHttp } from './runtime/select.ts';
import { openCollaborators } from './service/collaborators.ts';
import { createService, type Service, type ServiceOptions } from './service/service.ts';
import { VERSION } from './version.ts';
import { createHotFolders, type HotFolders } from './watch/hot-folders.ts';
import { createWebhooks } from './webhooks/webhooks.ts';

export interface StartOptions {
  configFile: string;
  env?: Record<string, string | undefined>;
  /** The runtime's HTTP server (src/runtime/select.ts); omitted: no HTTP (tests of the hot folders alone). */
  startHttp?: StartHttp;
  /** Overrides config api.port (0 = any free port, for tests). */
  port?: number;
  /** Reload the config file when it changes on disk (default true). */
  watchConfig?: boolean;
  log?: (line: string) => void;
  /** Command-line overrides (the original's `monitor start` flags), applied to the file's config and every reload. */
  overrides?: (config: Config) => Config;
  /** Forward XState inspection to a Stately inspector at this WebSocket URL (`bvp serve --inspect URL`). */
  inspectUrl?: string;
  /** Cluster mode's timings (heartbeats, locks, reconcile period), for tests. */
  clusterTuning?: StartClusterOptions['tuning'];
}

export interface Bulletproof {
  config(): Config;
  service: Service;
  hotFolders: HotFolders;
  /** Cluster mode (config `cluster`): the coordinator and its workers; null without it. */
  cluster: Cluster | null;
  http: HttpServerHandle | null;
  /** Validates nothing: callers pass a validated Config. Watchers, rules, profiles and concurrency follow it. */
  applyConfig(config: Config): Promise<void>;
  /** `signal` cuts the running jobs' shutdown grace short (they are interrupted and requeued for the next start). */
  stop(options?: { signal?: AbortSignal }): Promise<void>;
}

/** Folders the config names are created on start, so a fresh checkout runs with no preparation. */
async function ensureFolders(config: Config): Promise<void> {
  const folders = [config.data, config.output, ...config.watch.flatMap((w) => [w.path, w.output])];
  for (const folder of new Set(folders)) await mkdir(folder, { recursive: true });
}

/**
 * The composition root: config → store + queue (service) → hot folders → HTTP API, plus live reload of the config
 * file. Everything it starts, `stop()` stops, in reverse order; running jobs get the shutdown grace period and are
 * requeued if they do not finish in it.
 */
export async function startBulletproof(options: StartOptions): Promise<Bulletproof> {
  const write = options.log ?? ((line: string) => console.error(line));
  const configFile = path.resolve(options.configFile);
  await stat(configFile).catch(() => {
    throw new BvpError(
      'config.io',
      `config file "${configFile}" does not exist (bvp config init writes a starter)`,
    );
  });
  const override = options.overrides ?? ((c: Config) => c);
  let config = override(await loadConfig(configFile));
  // A config write killed half-way leaves its temp file beside the config; the config itself is whole.
  await removeStaleTemps(configFile);
  // The text the running config came from, shared by the config API and the file watcher (one edit, one apply).
  const configText = { text: await readFile(configFile, 'utf8').catch(() => null) };
  await ensureFolders(config);
  const logger = createLogger(config.logging, write);
  const log = (line: string) => logger.error(line);
  const bins = await resolveFfmpeg({
    ffmpeg: config.ffmpeg.ffmpeg ?? undefined,
    ffprobe: config.ffmpeg.ffprobe ?? undefined,
    env: options.env ?? process.env,
  });
  // The inspector's taps cost one call per actor event while nobody inspects.
  const inspector = createInspectHub({ limits: DEFAULT_STREAM_OPTIONS });
  const stately = options.inspectUrl ? await forwardToStately(inspector, options.inspectUrl) : null;
  const metrics = createMetrics();
  // Loaded only with `cluster` in the config: without it, Redis and BullMQ are never touched.
  const cluster = config.cluster
    ? await (await import('./cluster/start-cluster.ts')).startCluster({
        cluster: config.cluster,
        config: () => config,
        ffmpeg: bins.ffmpeg.path,
        log,
        tuning: options.clusterTuning,
      })
    : null;
  // Read once, alongside the rest of the start: a profile this ffmpeg cannot run is refused at submit.
  const serviceOptions: ServiceOptions = {
    encoders: listEncoders(bins.ffmpeg.path).catch(() => null),
    inspect: inspector.tap('queue'),
    storePath: path.join(config.data, 'bvp.db'),
    ffmpeg: bins.ffmpeg.path,
    ffprobe: bins.ffprobe.path,
    profiles: createProfileRegistry(config.profiles),
    concurrency: config.concurrency,
    maxAttempts: config.max_attempts,
    stallSeconds: config.stall_seconds,
    shutdownGraceSeconds: config.shutdown_grace_seconds,
    outputDir: config.output,
    posters: { dir: path.join(config.data, 'posters'), prefetch: true },
    instrumentStore: metrics.instrumentStore,
    encoder: cluster?.encoder,
  };
  // The composition root: the store, probe cache and local ffmpeg transcode are built here from the config's paths;
  // the logger hears every event from the first (boot's recovery warnings included).
  const collaborators = openCollaborators(serviceOptions, {
    sink: (event) => logServiceEvent(logger, event),
  });
  const service = createService(serviceOptions, collaborators);
  cluster?.attach({
    publish: service.publish,
    note: (id, type, data) => service.store.recordTransition(id, {}, { type, data }),
  });
  metrics.attach(service);
  const webhooks = createWebhooks({
    storeFile: service.store.file,
    webhooks: () => config.webhooks ?? [],
    onError: (message) => log(message),
  });
  service.subscribe((event) => webhooks.publish(event));
  const hotFolders = createHotFolders({
    service,
    ffprobe: bins.ffprobe.path,
    onError: (e) => log(`watch: ${e}`),
    inspect: inspector.tap,
  });
  inspector.addSource(service.inspectActors);
  inspector.addSource(hotFolders.inspectActors);
  // The dashboard's connection machine runs in the browser; the very definition the bundle is built from.
  const machines = serviceMachineCatalogue({
    service,
    hotFolders,
    extra: [{ name: 'connection', machine: connectionMachine }],
  });
  // The queue knows nothing of folders; the HTTP views get the watchers' counts from here.
  const serviceView = { ...service, status: () => ({ ...service.status(), watch: hotFolders.status() }) };

  const applyConfig = async (edited: Config): Promise<void> => {
    const next = override(edited);
    await ensureFolders(next);
    service.setProfiles(createProfileRegistry(next.profiles));
    if (next.concurrency !== service.queue().concurrency) service.setConcurrency(next.concurrency);
    // A reload racing the stop starts no watcher that the stop has already passed.
    await hotFolders.apply(next, stopping.signal);
    config = next;
    service.publish('config.updated', { file: configFile, watch: next.watch.map((w) => w.path) });
  };
  const stopping = new AbortController();
  await hotFolders.apply(config, stopping.signal);

  const health = async (): Promise<HealthChecks> => {
    const binaries = await Promise.all(
      [bins.ffmpeg.path, bins.ffprobe.path].map((p) =>
        stat(p).then(
          () => true,
          () => false,
        ),
      ),
    );
    let storeOk = true;
    try {
      service.store.countByStatus();
    } catch {
      storeOk = false;
    }
    const watchers = hotFolders.status();
    return {
      store: { ok: storeOk, detail: service.store.file },
      ffmpeg: { ok: binaries.every(Boolean), detail: `${bins.ffmpeg.path} (${bins.ffmpeg.source})` },
      watchers: { ok: watchers.every((w) => w.watching), detail: `${watchers.length} folder(s)` },
      service: { ok: service.isHealthy(), detail: service.status().state },
    };
  };

  let http: HttpServerHandle | null = null;
  if (options.startHttp) {
    const configControl = createFileConfigControl({
      file: configFile,
      current: () => config,
      apply: applyConfig,
      state: configText,
    });
    http = await options
      .startHttp({
        host: config.api.host,
        port: options.port ?? config.api.port,
        token: config.api.token,
        factory: (upgradeWebSocket) =>
          createApp({
            service: serviceView,
            config: () => config,
            configControl,
            version: VERSION,
            health,
            upgradeWebSocket,
            inspect: { hub: inspector, machines },
            metrics,
            webhooks,
            log: (error) => log(`http: ${error instanceof Error ? error.stack : String(error)}`),
            workers: cluster ? () => cluster.workers() : undefined,
            listening: () => (http ? { host: http.host, port: http.port } : null),
          }),
      })
      .catch(async (error) => {
        await hotFolders.close();
        await service.stop({ graceSeconds: 0 });
        await cluster?.close();
        throw error;
      });
  }

  const stopWatchingConfig =
    options.watchConfig === false
      ? () => {}
      : watchConfigFile(
          configFile,
          {
            onValid: (next) => applyConfig(next).catch((e) => log(`config: ${e}`)),
            onInvalid: (error) => {
              const issues =
                isBvpError(error) && Array.isArray(error.details)
                  ? formatIssues(error.details)
                  : String(error);
              // Logged through the event, like every other service event.
              service.publish('config.rejected', { file: configFile, message: issues });
            },
          },
          configText,
        );

  return {
    config: () => config,
    service,
    hotFolders,
    cluster,
    http,
    applyConfig,
    async stop(stopOptions = {}) {
      stopping.abort(new BvpError('job.state', 'Bulletproof is stopping'));
      stopWatchingConfig();
      await http?.close();
      await hotFolders.close(stopOptions.signal);
      await service.stop({ signal: stopOptions.signal });
      await cluster?.close();
      stately?.stop();
      webhooks.close();
      metrics.close();
    },
  };
}
