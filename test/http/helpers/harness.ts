import { mkdir, writeFile } from 'node:fs/promises';
import type { Hono } from 'hono';
import { intakeMachine } from '../../../machines/intake.ts';
import { createFileConfigControl } from '../../../src/config/control.ts';
import { type Config, loadConfig } from '../../../src/config/index.ts';
import { type AppDeps, createApp } from '../../../src/http/app.ts';
import type { HttpServerHandle } from '../../../src/http/server-options.ts';
import { DEFAULT_STREAM_OPTIONS, type EventHub } from '../../../src/http/stream/event-hub.ts';
import type { StreamOptions, WebSocketUpgrader } from '../../../src/http/types.ts';
import { serviceMachineCatalogue } from '../../../src/inspect/catalogue.ts';
import { createInspectHub } from '../../../src/inspect/inspect-hub.ts';
import { createProfileRegistry } from '../../../src/profiles/registry.ts';
import { startHttpServer } from '../../../src/runtime/node.ts';
import { createService, type Service } from '../../../src/service/service.ts';
import type { ServiceEvent } from '../../../src/service/types.ts';
import { VERSION } from '../../../src/version.ts';
import { type ClipOptions, makeClip, makeTempDir, type TempDir } from '../../helpers/clips.ts';

export const TOKEN = 'test-token-0123456789abcdef';

export interface HarnessOptions {
  token?: string;
  corsOrigins?: string[];
  bodyLimit?: number;
  concurrency?: number;
  stream?: Partial<StreamOptions>;
  /** The ffmpeg's encoder list the service judges profiles by (absent: not judged). */
  encoders?: ReadonlySet<string>;
}

/** A real service (store, queue, ffmpeg) on a temp folder with a commented config file, and the app over it. */
export interface Harness {
  dir: TempDir;
  configFile: string;
  watchDir: string;
  outputDir: string;
  config(): Config;
  service: Service;
  /** Builds the app for a runtime's upgrade helper (app.request tests use a no-op one). */
  factory(upgradeWebSocket: WebSocketUpgrader): { app: Hono; hub: EventHub };
  app: Hono;
  /** Every hub built so far; the last one belongs to the most recent listen(). */
  hubs: EventHub[];
  /** app.request with the token (when the harness has one) and JSON encoding. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  clip(name: string, options?: ClipOptions): Promise<string>;
  waitFor(predicate: (event: ServiceEvent) => boolean, ms?: number): Promise<ServiceEvent>;
  listen(): Promise<HttpServerHandle>;
  close(): Promise<void>;
}

export function configText(options: HarnessOptions): string {
  const token = options.token ? `\n  token: ${options.token}` : '';
  const cors = (options.corsOrigins ?? []).map((o) => `\n    - ${o}`).join('');
  return `# Bulletproof test config: the operator's comment at the top must survive API edits.
watch:
  - path: ./watch # where the cues are dropped
    profile: live-qlab
    stable_seconds: 1
output: ./output
data: ./data
# Keep it to one encode at a time on the test box.
concurrency: ${options.concurrency ?? 1}
api:
  host: 127.0.0.1
  port: 8080${token}
  cors_origins:${cors || ' []'}
  body_limit: ${options.bodyLimit ?? 1048576}
`;
}

/** No WebSocket on app.request: the stream route answers 426 there. */
const noUpgrade: WebSocketUpgrader = () => async (_c, next) => {
  await next();
};

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = await makeTempDir('bvp-http-');
  const watchDir = dir.join('watch');
  const outputDir = dir.join('output');
  await mkdir(watchDir, { recursive: true });
  await mkdir(outputDir, { recursive: true });
  const configFile = dir.join('bvp.yaml');
  await writeFile(configFile, configText(options));
  let current = await loadConfig(configFile);
  const service = createService({
    storePath: dir.join('data', 'bvp.db'),
    ffmpeg: 'ffmpeg',
    ffprobe: 'ffprobe',
    outputDir,
    concurrency: current.concurrency,
    profiles: createProfileRegistry(current.profiles),
    synchronous: 'normal',
    encoders: options.encoders,
  });
  const configControl = createFileConfigControl({
    file: configFile,
    current: () => current,
    apply: (config) => {
      if (config.concurrency !== current.concurrency) service.setConcurrency(config.concurrency);
      service.setProfiles(createProfileRegistry(config.profiles));
      current = config;
      service.publish('config.updated', { file: 'harness', watch: config.watch.map((w) => w.path) });
    },
  });
  const deps = (upgradeWebSocket: WebSocketUpgrader): AppDeps => ({
    service,
    config: () => current,
    configControl,
    version: VERSION,
    health: () => ({
      store: { ok: true, detail: dir.join('data', 'bvp.db') },
      ffmpeg: { ok: true, detail: 'ffmpeg on PATH' },
      service: { ok: service.isHealthy(), detail: service.isHealthy() ? 'queue running' : 'queue stopped' },
    }),
    upgradeWebSocket,
    stream: options.stream,
    // The inspector's routes, as the real app mounts them (the OpenAPI test checks every route is documented).
    inspect: {
      hub: createInspectHub({ limits: DEFAULT_STREAM_OPTIONS }),
      machines: serviceMachineCatalogue({ service, hotFolders: { intakeLogic: intakeMachine } }),
    },
    log: () => {},
  });
  const hubs: EventHub[] = [];
  const factory = (upgradeWebSocket: WebSocketUpgrader) => {
    const built = createApp(deps(upgradeWebSocket));
    hubs.push(built.hub);
    return built;
  };
  const { app, hub } = factory(noUpgrade);
  const servers: HttpServerHandle[] = [];
  let closed = false;

  return {
    dir,
    configFile,
    watchDir,
    outputDir,
    config: () => current,
    service,
    factory,
    app,
    hubs,
    call(method, path, body, headers = {}) {
      const auth: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
      const json: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
      return Promise.resolve(
        app.request(path, {
          method,
          headers: { ...auth, ...json, ...headers },
          body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        }),
      );
    },
    clip: (name, clipOptions) => makeClip(`${watchDir}/${name}`, clipOptions),
    waitFor(predicate, ms = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new Error('timed out waiting for a service event'));
        }, ms);
        const off = service.subscribe((event) => {
          if (!predicate(event)) return;
          clearTimeout(timer);
          off();
          resolve(event);
        });
      });
    },
    async listen() {
      const server = await startHttpServer({ factory, host: '127.0.0.1', port: 0, token: options.token });
      servers.push(server);
      return server;
    },
    async close() {
      if (closed) return;
      closed = true;
      hub.close();
      for (const server of servers) await server.close();
      await service.stop({ graceSeconds: 0 }).catch(() => {});
      await dir.cleanup();
    },
  };
}
