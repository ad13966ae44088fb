/**
 * Deno smoke test of the HTTP API: the composition root started with the Deno entry (Deno.serve + hono/deno), a real
 * store, real ffmpeg and a native WebSocket client.
 */
import { startBulletproof } from '../../src/app.ts';
import { STREAM_PROTOCOL } from '../../src/http/security/auth.ts';
import { startHttpServer } from '../../src/runtime/deno.ts';

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

async function makeClip(file: string): Promise<void> {
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'];
  args.push('-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=2');
  args.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=2');
  args.push('-map', '0:0', '-map', '1:0', '-c:v', 'mpeg4', '-q:v', '5', '-c:a', 'pcm_s16le', '-t', '2', file);
  const { code, stderr } = await new Deno.Command('ffmpeg', { args, stderr: 'piped' }).output();
  assert(code === 0, `ffmpeg could not make the clip: ${new TextDecoder().decode(stderr)}`);
}

// Only .wav is watched, so the hot folder leaves the clip alone and POST /jobs is what queues it.
const CONFIG = `# Deno smoke test
watch:
  - path: ./watch
    profile: live-qlab
    extensions: [wav]
output: ./output
data: ./data
api:
  host: 127.0.0.1
  port: 8080
`;

Deno.test({
  name: 'Deno entry: /api/v1/health, POST /jobs, and job.completed over the WebSocket',
  // libsql and the watcher keep native handles until stop(); the test stops them itself.
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: 'bvp-deno-http-' });
    await Deno.mkdir(`${dir}/watch`);
    const clip = `${dir}/watch/cue 1.mov`;
    await makeClip(clip);
    await Deno.writeTextFile(`${dir}/bvp.yaml`, CONFIG);
    const bvp = await startBulletproof({
      configFile: `${dir}/bvp.yaml`,
      startHttp: startHttpServer,
      port: 0,
      watchConfig: false,
      log: () => {},
    });
    let ws: WebSocket | null = null;
    try {
      assert(bvp.http, 'the HTTP server did not start');
      const base = bvp.http.url;
      const health = await fetch(`${base}/api/v1/health`);
      const body = (await health.json()) as { status: string; checks: Record<string, { ok: boolean }> };
      assert(
        health.status === 200 && body.status === 'ok',
        `health: ${health.status} ${JSON.stringify(body)}`,
      );

      const messages: { type: string; seq: number; data: { id?: string } }[] = [];
      const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/api/v1/stream`, [STREAM_PROTOCOL]);
      ws = socket;
      let wake = () => {};
      socket.onmessage = (event) => {
        messages.push(JSON.parse(String(event.data)));
        wake();
      };
      await new Promise<void>((resolve, reject) => {
        socket.onopen = () => resolve();
        socket.onerror = () => reject(new Error('WebSocket did not open'));
      });
      assert(socket.protocol === STREAM_PROTOCOL, `subprotocol echoed: "${socket.protocol}"`);

      const res = await fetch(`${base}/api/v1/jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ source: clip, profile: 'live-qlab' }),
      });
      const job = (await res.json()) as { id: string; outputPath: string };
      assert(res.status === 201, `POST /jobs: ${res.status} ${JSON.stringify(job)}`);

      const completed = await new Promise<{ seq: number }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no job.completed within 60 s')), 60_000);
        wake = () => {
          const hit = messages.find((m) => m.type === 'job.completed' && m.data.id === job.id);
          if (hit) {
            clearTimeout(timer);
            resolve(hit);
          }
        };
        wake();
      });
      assert(messages[0]?.type === 'snapshot', `first message: ${messages[0]?.type}`);
      const types = messages.filter((m) => m.data?.id === job.id).map((m) => m.type);
      assert(types.indexOf('job.queued') < types.indexOf('job.started'), `order: ${types.join(', ')}`);
      assert(completed.seq > messages[0].seq, 'seq rises after the snapshot');
      const output = await Deno.stat(job.outputPath);
      assert(output.isFile && output.size > 0, 'the verified output exists');
    } finally {
      ws?.close();
      await bvp.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

const TOKEN = 'deno-token-0123456789abcdef';

function openSocket(url: string, protocols: string[]): Promise<WebSocket | null> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, protocols);
    socket.onopen = () => resolve(socket);
    socket.onerror = () => resolve(null);
  });
}

Deno.test({
  name: 'Deno entry: with a token, REST needs the bearer and the WebSocket the token subprotocol',
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: 'bvp-deno-auth-' });
    await Deno.writeTextFile(`${dir}/bvp.yaml`, `${CONFIG}  token: ${TOKEN}\n`);
    const bvp = await startBulletproof({
      configFile: `${dir}/bvp.yaml`,
      startHttp: startHttpServer,
      port: 0,
      watchConfig: false,
      log: () => {},
    });
    try {
      assert(bvp.http, 'the HTTP server did not start');
      const base = bvp.http.url;
      const denied = await fetch(`${base}/api/v1/queue`);
      await denied.body?.cancel();
      assert(denied.status === 401, `REST without token: ${denied.status}`);
      const allowed = await fetch(`${base}/api/v1/queue`, { headers: { authorization: `Bearer ${TOKEN}` } });
      await allowed.body?.cancel();
      assert(allowed.status === 200, `REST with token: ${allowed.status}`);
      const stream = `${base.replace(/^http/, 'ws')}/api/v1/stream`;
      assert(
        (await openSocket(stream, [STREAM_PROTOCOL])) === null,
        'upgrade without the token was accepted',
      );
      const socket = await openSocket(stream, [STREAM_PROTOCOL, `bvp.token.${TOKEN}`]);
      assert(socket !== null, 'upgrade with the token subprotocol was refused');
      assert(socket.protocol === STREAM_PROTOCOL, `subprotocol echoed: "${socket.protocol}"`);
      socket.close();
    } finally {
      await bvp.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
