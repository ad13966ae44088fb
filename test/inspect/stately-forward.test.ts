import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { type Served, serve } from './helpers/serve.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface StatelyMessage {
  type: string;
  sessionId?: string;
  name?: string;
  /** The actor's machine config as JSON text. */
  definition?: string;
  event?: { type: string };
  snapshot?: { value?: unknown; context?: { spec?: { id?: string; source?: { path?: string } } } };
}

/** A local WebSocket server standing in for Stately's inspector: it records what the service sends. */
async function fakeInspector(): Promise<{ url: string; received: StatelyMessage[]; texts: string[] }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const received: StatelyMessage[] = [];
  const texts: string[] = [];
  wss.on('connection', (socket) =>
    socket.on('message', (data) => {
      texts.push(String(data));
      received.push(JSON.parse(String(data)) as StatelyMessage);
    }),
  );
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  );
  return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, received, texts };
}

describe('bvp serve --inspect URL', () => {
  it("connects @statelyai/inspect to the inspector and sends it a real job's events, paths redacted", async () => {
    const inspector = await fakeInspector();
    const s: Served = await serve({ inspectUrl: inspector.url });
    cleanups.push(() => s.close());
    const job = await s.drop('cue 3.mov');
    const deadline = Date.now() + 60_000;
    const completed = () =>
      inspector.received.some(
        (m) =>
          m.type === '@xstate.snapshot' &&
          m.snapshot?.value === 'completed' &&
          m.snapshot.context?.spec?.id === job.id,
      );
    while (!completed() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(completed()).toBe(true);
    const types = new Set(inspector.received.map((m) => m.type));
    expect([...types]).toEqual(
      expect.arrayContaining(['@xstate.actor', '@xstate.event', '@xstate.snapshot']),
    );
    // Stately draws each actor from the machine definition sent with it.
    const actors = inspector.received.filter((m) => m.type === '@xstate.actor');
    expect(actors.some((m) => m.definition?.includes('"id":"job"'))).toBe(true);
    const events = inspector.received.filter((m) => m.type === '@xstate.event').map((m) => m.event?.type);
    expect(events).toEqual(expect.arrayContaining(['START', 'transcode.done']));
    // Contexts and events go through the same redaction as /api/v1/inspect.
    expect(inspector.texts.some((t) => t.includes(s.dir.path))).toBe(false);
    expect(inspector.texts.some((t) => t.includes('…/cue 3.mov'))).toBe(true);
  });

  it('refuses a URL that is not ws:// or wss://, naming it, before anything starts', async () => {
    await expect(serve({ inspectUrl: 'http://inspector.local' })).rejects.toThrow(
      '--inspect "http://inspector.local" must be a ws:// or wss:// URL of a Stately inspector',
    );
  });
});
