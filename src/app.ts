import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Config, formatIssues, loadConfig } from './config/index.ts';
import { watchConfigFile } from './config-reload.ts';
import { BvpError, isBvpError } from './errors.ts';
import { createApp } from './http/app.ts';
import { createFileConfigControl } from './http/config-control.ts';
import type { HttpServerHandle } from './http/server-options.ts';
import type { HealthChecks } from './http/types.ts';
import { createLogger, logServiceEvent } from './logger.ts';
import { listEncoders } from './media/encoders.ts';
import { resolveFfmpeg } from './media/ffmpeg-paths.ts';
import { createProfileRegistry } from './profiles/registry.ts';
import type { StartHttp } from './runtime/select.ts';
import { createService, type Service } from './service/service.ts';
import { VERSION } from './version.ts';
import { createHotFolders, type HotFolders } from './watch/hot-folders.ts';

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
}

export interface Bulletproof {
  config(): Config;
  service: Service;
  hotFolders: HotFolders;
  http: HttpServerHandle | null;
  /** Validates nothing: callers pass a validated Config. Watchers, rules, profiles and concurrency follow it. */
  applyConfig(config: Config): Promise<void>;
  stop(): Promise<void>;
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
  let config = await loadConfig(configFile);
  await ensureFolders(config);
  const logger = createLogger(config.logging, write);
  const log = (line: string) => logger.error(line);
  const bins = await resolveFfmpeg({
    ffmpeg: config.ffmpeg.ffmpeg ?? undefined,
    ffprobe: config.ffmpeg.ffprobe ?? undefined,
    env: options.env ?? process.env,
  });
  // Read once: a profile this ffmpeg cannot run is refused at submit instead of failing in the encode.
  const encoders = await listEncoders(bins.ffmpeg.path).catch(() => null);
  const service = createService({
    encoders,
    storePath: path.join(config.data, 'bvp.db'),
    ffmpeg: bins.ffmpeg.path,
    ffprobe: bins.ffprobe.path,
    profiles: createProfileRegistry(config.profiles),
    concurrency: config.concurrency,
    maxAttempts: config.max_attempts,
    stallSeconds: config.stall_seconds,
    shutdownGraceSeconds: config.shutdown_grace_seconds,
    outputDir: config.output,
  });
  service.subscribe((event) => logServiceEvent(logger, event));
  const hotFolders = createHotFolders({
    service,
    ffprobe: bins.ffprobe.path,
    onError: (e) => log(`watch: ${e}`),
  });
  // The queue knows nothing of folders; the HTTP views get the watchers' counts from here.
  const serviceView = { ...service, status: () => ({ ...service.status(), watch: hotFolders.status() }) };

  const applyConfig = async (next: Config): Promise<void> => {
    await ensureFolders(next);
    service.setProfiles(createProfileRegistry(next.profiles));
    if (next.concurrency !== service.queue().concurrency) service.setConcurrency(next.concurrency);
    await hotFolders.apply(next);
    config = next;
    service.publish('config.updated', { file: configFile, watch: next.watch.map((w) => w.path) });
  };
  await hotFolders.apply(config);

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
            log: (error) => log(`http: ${error instanceof Error ? error.stack : String(error)}`),
          }),
      })
      .catch(async (error) => {
        await hotFolders.close();
        await service.stop({ graceSeconds: 0 });
        throw error;
      });
  }

  const stopWatchingConfig =
    options.watchConfig === false
      ? () => {}
      : watchConfigFile(configFile, {
          onValid: (next) => applyConfig(next).catch((e) => log(`config: ${e}`)),
          onInvalid: (error) => {
            const issues =
              isBvpError(error) && Array.isArray(error.details) ? formatIssues(error.details) : String(error);
            // Logged through the event, like every other service event.
            service.publish('config.rejected', { file: configFile, message: issues });
          },
        });

  return {
    config: () => config,
    service,
    hotFolders,
    http,
    applyConfig,
    async stop() {
      stopWatchingConfig();
      await http?.close();
      await hotFolders.close();
      await service.stop();
    },
  };
}
