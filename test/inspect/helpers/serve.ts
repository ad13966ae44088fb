import { mkdir, rename, writeFile } from 'node:fs/promises';
import WebSocket from 'ws';
import { type Bulletproof, startBulletproof } from '../../../src/app.ts';
import { startHttpServer } from '../../../src/runtime/node.ts';
import type { JobView } from '../../../src/service/types.ts';
import { makeClip, makeTempDir, type TempDir } from '../../helpers/clips.ts';
import { dataOf } from '../../helpers/events.ts';
import { waitForEvent } from '../../helpers/service.ts';
import { configText } from '../../http/helpers/harness.ts';

export interface Served {
  dir: TempDir;
  bp: Bulletproof;
  url: string;
  clip(name: string, seconds?: number): Promise<string>;
  /** Makes a clip beside the watch folder and moves it in (one rename, as a copy tool would); resolves with its job. */
  drop(name: string, seconds?: number): Promise<JobView>;
  close(): Promise<void>;
}

/** The real composition root (src/app.ts) on a temp folder, HTTP on a free port. */
export async function serve(options: { token?: string; inspectUrl?: string } = {}): Promise<Served> {
  const dir = await makeTempDir('bvp-inspect-');
  await mkdir(dir.join('clips'));
  const configFile = dir.join('bvp.yaml');
  await writeFile(configFile, configText({ token: options.token }));
  const bp = await startBulletproof({
    configFile,
    startHttp: startHttpServer,
    port: 0,
    watchConfig: false,
    inspectUrl: options.inspectUrl,
    log: () => {},
  });
  const url = bp.http!.url;
  return {
    dir,
    bp,
    url,
    clip: (name, seconds = 2) => makeClip(dir.join('clips', name), { seconds }),
    async drop(name, seconds = 2) {
      const made = await makeClip(dir.join('clips', name), { seconds });
      const target = dir.join('watch', name);
      const queued = waitForEvent(
        bp.service,
        (e) => e.type === 'job.queued' && e.data.job.source.path === target,
        60_000,
      );
      await rename(made, target);
      return dataOf(await queued, 'job.queued').job;
    },
    async close() {
      await bp.stop();
      await dir.cleanup();
    },
  };
}

export interface InspectMessage {
  type: string;
  seq: number;
  at: number;
  data: Record<string, unknown> & { actor?: string; snapshot?: { value?: unknown; status?: string } };
}

export interface InspectClient {
  ws: WebSocket;
  messages: InspectMessage[];
  /** Raw text of every message, for "never mentions" checks. */
  texts: string[];
  waitFor(predicate: (m: InspectMessage) => boolean, ms?: number): Promise<InspectMessage>;
  send(message: unknown): void;
  close(): void;
}

/** A real `ws` client on /api/v1/inspect; rejects with the HTTP status when the upgrade is refused. */
export function connectInspect(
  baseUrl: string,
  query = '',
  options: { protocols?: string[]; headers?: Record<string, string> } = {},
): Promise<InspectClient> {
  const ws = new WebSocket(
    `${baseUrl.replace(/^http/, 'ws')}/api/v1/inspect${query}`,
    options.protocols ?? [],
    {
      headers: options.headers,
    },
  );
  const messages: InspectMessage[] = [];
  const texts: string[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    texts.push(String(data));
    messages.push(JSON.parse(String(data)) as InspectMessage);
    for (const wake of waiters) wake();
  });
  const client: InspectClient = {
    ws,
    messages,
    texts,
    send: (m) => ws.send(JSON.stringify(m)),
    close: () => ws.close(),
    waitFor(predicate, ms = 30_000) {
      return new Promise((resolve, reject) => {
        let seen = 0;
        const check = () => {
          for (; seen < messages.length; seen++) {
            if (!predicate(messages[seen])) continue;
            clearTimeout(timer);
            waiters.delete(check);
            resolve(messages[seen]);
            return;
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching inspect message within ${ms} ms`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode }));
      res.resume();
    });
    ws.once('error', reject);
  });
}
