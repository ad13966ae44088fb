import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { type Bulletproof, startBulletproof } from '../../../src/app.ts';
import { startHttpServer } from '../../../src/runtime/node.ts';
import { BVP_BIN, REPO_ROOT } from '../../helpers/bvp.ts';
import { type ClipOptions, makeClip, makeTempDir, type TempDir } from '../../helpers/clips.ts';
import { type ApiClient, createApiClient } from './api.ts';

export interface E2eServerOptions {
  /** Sets api.token: every API call (and the page) must present it. */
  token?: string;
  concurrency?: number;
  /** Profile of the watch folder (default live-qlab). */
  profile?: string;
  /** Extra keys of the watch folder entry, as YAML lines (indented by the caller to 4 spaces). */
  watchYaml?: string;
  /** Extra YAML appended to the config file (top-level keys only). */
  extraYaml?: string;
  /**
   * `inline` (default): the real app in this process — fast, and `app()` gives the service. `process`: `bvp serve`
   * as a child, so `kill()` is a real SIGKILL (no close frame, no goodbye), as a crash or a pulled plug is.
   */
  mode?: 'inline' | 'process';
}

/**
 * A real Bulletproof over a temp folder (watch/, output/, data/, a commented config file): real chokidar, ffprobe,
 * ffmpeg and HTTP server on 127.0.0.1. The first start takes any free port; `start()` after `kill()`/`stop()` comes
 * back on the same port and the same data, as a restarted service does.
 */
export interface E2eServer {
  readonly dir: TempDir;
  readonly configFile: string;
  readonly watchDir: string;
  readonly outputDir: string;
  /** `http://127.0.0.1:<port>` (no trailing slash); stable across restarts. */
  url(): string;
  port(): number;
  api: ApiClient;
  /** The inline app; throws in process mode or when stopped. */
  app(): Bulletproof;
  /** A clip made outside the watch folder (in `staging/`), for API submission or a later drop. */
  makeClip(name: string, options?: ClipOptions): Promise<string>;
  /** Makes a clip in staging and renames it into the watch folder, as a copy tool finishing would. */
  drop(name: string, options?: ClipOptions): Promise<string>;
  /** Writes raw bytes into the watch folder (a corrupt "clip"), atomically. */
  dropBytes(name: string, bytes: string | Uint8Array): Promise<string>;
  start(): Promise<void>;
  /** Graceful stop (running jobs get no grace). */
  stop(): Promise<void>;
  /** Process mode: SIGKILL. Inline: the same as stop(). */
  kill(): Promise<void>;
  /** What the server logged so far (for a failing test's message). */
  logs(): string[];
  cleanup(): Promise<void>;
}

export function configYaml(options: E2eServerOptions): string {
  const token = options.token ? `\n  token: ${options.token}` : '';
  return `# Bulletproof e2e config: this comment must survive edits made from the dashboard.
watch:
  - path: ./watch # cues are dropped here
    profile: ${options.profile ?? 'live-qlab'}
    stable_seconds: 0.5
${options.watchYaml ?? ''}output: ./output
data: ./data
concurrency: ${options.concurrency ?? 1}
api:
  host: 127.0.0.1
  port: 0${token}
${options.extraYaml ?? ''}`;
}

export async function startE2eServer(options: E2eServerOptions = {}): Promise<E2eServer> {
  const dir = await makeTempDir('bvp-e2e-');
  const configFile = dir.join('bvp.yaml');
  const watchDir = dir.join('watch');
  const staging = dir.join('staging');
  await mkdir(watchDir, { recursive: true });
  await mkdir(staging, { recursive: true });
  await writeFile(configFile, configYaml(options));
  const mode = options.mode ?? 'inline';
  const logs: string[] = [];
  let port = 0;
  let inline: Bulletproof | null = null;
  let child: ResultPromise | null = null;

  const startInline = async () => {
    inline = await startBulletproof({
      configFile,
      port,
      startHttp: startHttpServer,
      watchConfig: true,
      log: (line) => logs.push(line),
    });
    port = inline.http?.port ?? 0;
  };

  const startProcess = async () => {
    const proc = execa('node', [BVP_BIN, 'serve', '--config', configFile, '--port', String(port)], {
      cwd: REPO_ROOT,
      env: { FORCE_COLOR: '0' },
      reject: false,
      all: true,
    });
    child = proc;
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bvp serve did not get ready:\n${out}`)), 60_000);
      proc.all?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        logs.push(chunk.toString());
        const api = /api\s+http:\/\/127\.0\.0\.1:(\d+)\/api\/v1/.exec(out);
        if (api && out.includes('Ready.')) {
          clearTimeout(timer);
          port = Number(api[1]);
          resolve();
        }
      });
      void proc.then((result) => {
        clearTimeout(timer);
        reject(new Error(`bvp serve exited with ${result.exitCode}:\n${out}`));
      });
    });
  };

  const server: E2eServer = {
    dir,
    configFile,
    watchDir,
    outputDir: dir.join('output'),
    url: () => `http://127.0.0.1:${port}`,
    port: () => port,
    api: createApiClient(() => `http://127.0.0.1:${port}`, options.token),
    app() {
      if (!inline) throw new Error('no inline app is running');
      return inline;
    },
    makeClip: (name, clipOptions) => makeClip(path.join(staging, name), clipOptions),
    async drop(name, clipOptions) {
      const made = await makeClip(path.join(staging, name), clipOptions);
      const target = path.join(watchDir, name);
      await rename(made, target);
      return target;
    },
    async dropBytes(name, bytes) {
      const tmp = path.join(staging, name);
      await writeFile(tmp, bytes);
      const target = path.join(watchDir, name);
      await rename(tmp, target);
      return target;
    },
    async start() {
      if (inline || child) throw new Error('already running');
      await (mode === 'inline' ? startInline() : startProcess());
    },
    async stop() {
      const app = inline;
      inline = null;
      if (app) await app.stop();
      const proc = child;
      child = null;
      if (proc) {
        proc.kill('SIGTERM');
        await proc;
      }
    },
    async kill() {
      const proc = child;
      if (!proc) return server.stop();
      child = null;
      proc.kill('SIGKILL');
      await proc;
    },
    logs: () => logs,
    async cleanup() {
      await server.stop().catch(() => {});
      await dir.cleanup();
    },
  };
  await server.start();
  return server;
}
