import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { Redis } from 'ioredis';

/** redis-server on this machine, or null (the cluster tests then skip, saying so; CI installs it). */
export const REDIS_SERVER = (() => {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return 'redis-server';
  } catch {
    return null;
  }
})();

export const SKIP_REASON =
  'redis-server is not installed (apt-get install redis-server); cluster tests skipped';

export interface TestRedis {
  url: string;
  port: number;
  dir: string;
  /** Stops it (SIGTERM) and waits; `restart` starts it again on the same port and folder. */
  stop(): Promise<void>;
  restart(): Promise<void>;
  client(): Redis;
  cleanup(): Promise<void>;
}

/** A free loopback port from the cluster tests' range (18120-18129), else any free port. */
async function freePort(): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | null>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(null));
      server.listen(port, '127.0.0.1', () => {
        const got = (server.address() as { port: number }).port;
        server.close(() => resolve(got));
      });
    });
  for (
    let port = 18120 + Math.floor(Math.random() * 10), n = 0;
    n < 10;
    n++, port = 18120 + ((port - 18120 + 1) % 10)
  ) {
    const got = await tryPort(port);
    if (got) return got;
  }
  return (await tryPort(0)) as number;
}

/** A private redis-server on a free loopback port with its own temp folder; extra args e.g. a maxmemory policy. */
export async function startRedis(extra: string[] = []): Promise<TestRedis> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bvp-redis-'));
  const port = await freePort();
  const clients: Redis[] = [];
  let proc: ResultPromise | null = null;
  const launch = async () => {
    proc = execa(
      REDIS_SERVER ?? 'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
        ...extra,
      ],
      { reject: false, stdin: 'ignore', stdout: 'pipe', stderr: 'pipe' },
    );
    const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1 });
    probe.on('error', () => {});
    for (let i = 0; i < 100; i++) {
      try {
        await probe.connect();
        await probe.ping();
        break;
      } catch {
        probe.disconnect();
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    probe.disconnect();
  };
  await launch();
  const stop = async () => {
    const p = proc;
    proc = null;
    if (!p) return;
    p.kill('SIGTERM');
    await p;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    stop,
    restart: launch,
    client() {
      const c = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: null });
      c.on('error', () => {});
      clients.push(c);
      return c;
    },
    async cleanup() {
      for (const c of clients) c.disconnect();
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
