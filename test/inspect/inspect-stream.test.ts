import { afterEach, describe, expect, it } from 'vitest';
import { TOKEN } from '../http/helpers/harness.ts';
import {
  connectInspect,
  type InspectClient,
  type InspectMessage,
  type Served,
  serve,
} from './helpers/serve.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function started(options: { token?: string } = {}): Promise<Served> {
  const s = await serve(options);
  cleanups.push(() => s.close());
  return s;
}

async function inspect(s: Served, query = ''): Promise<InspectClient> {
  const c = await connectInspect(s.url, query);
  cleanups.push(() => c.close());
  await c.waitFor((m) => m.type === 'inspect.snapshot');
  return c;
}

const about = (id: string) => (m: InspectMessage) =>
  typeof m.data.actor === 'string' && (m.data.actor === `job:${id}` || m.data.actor.startsWith(`job:${id}/`));

/** State values of the job actor, in order, without repeats. */
function valuesOf(messages: InspectMessage[], id: string): string[] {
  const values = messages
    .filter((m) => m.type === '@xstate.snapshot' && m.data.actor === `job:${id}`)
    .map((m) => JSON.stringify(m.data.snapshot?.value));
  return values.filter((v, i) => v !== values[i - 1]);
}

describe('WebSocket /api/v1/inspect', () => {
  it("streams a real job's @xstate.* events from queued to completed, serialised without functions or refs", async () => {
    const s = await started();
    const c = await inspect(s);
    const job = await s.drop('cue 1.mov');
    await c.waitFor(
      (m) =>
        m.type === '@xstate.snapshot' &&
        m.data.actor === `job:${job.id}` &&
        m.data.snapshot?.value === 'completed',
    );
    const mine = c.messages.filter(about(job.id));
    const types = new Set(mine.map((m) => m.type));
    for (const type of [
      '@xstate.actor',
      '@xstate.event',
      '@xstate.snapshot',
      '@xstate.microstep',
      '@xstate.action',
    ])
      expect(types).toContain(type);
    // The job's own chart, state by state: created pending, started, completed.
    expect(valuesOf(c.messages, job.id)).toEqual(['"pending"', '{"active":"running"}', '"completed"']);
    const events = mine.filter((m) => m.type === '@xstate.event' && m.data.actor === `job:${job.id}`);
    const eventTypes = events.map((m) => (m.data.event as { type: string }).type);
    expect(eventTypes[0]).toBe('xstate.init');
    expect(eventTypes).toContain('START');
    expect(eventTypes).toContain('transcode.done');
    expect(eventTypes.indexOf('START')).toBeLessThan(eventTypes.indexOf('transcode.done'));
    // START comes from the queue, by name.
    expect(events.find((m) => (m.data.event as { type: string }).type === 'START')?.data.source).toBe(
      'queue',
    );
    // The invoked transcode actor is named under its job.
    expect(
      c.messages.some((m) => m.type === '@xstate.actor' && m.data.actor === `job:${job.id}/transcode`),
    ).toBe(true);
    const actions = mine
      .filter((m) => m.type === '@xstate.action')
      .map((m) => (m.data.action as { type: string }).type);
    // Named actions resolve to XState's built-ins before they run; those are what XState reports: the job emitting
    // its status report and sending it to the queue.
    expect(actions).toContain('xstate.emit');
    expect(actions).toContain('xstate.sendTo');
    // seq rises; the job's snapshot carries its context (no clock, no copy of the status its state value says) and
    // the machine it runs.
    const seqs = c.messages.slice(1).map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const done = mine.find((m) => m.type === '@xstate.snapshot' && m.data.snapshot?.value === 'completed')!;
    expect(done.data.machine).toBe('job');
    const context = (done.data.snapshot as { context: Record<string, unknown> }).context;
    expect(context.finishedAt).toEqual(expect.any(Number));
    expect('status' in context).toBe(false);
    expect('now' in context).toBe(false);
    // Refs travel as names: the job's snapshot lists its invoked transcode actor by name.
    expect(c.texts.some((t) => t.includes(`"children":["job:${job.id}/transcode"]`))).toBe(true);
  });

  it('a client filtered to one job receives nothing about another; a subscribe message changes the filter', async () => {
    const s = await started();
    const all = await inspect(s);
    // Nothing starts until every client is in place.
    s.bp.service.pauseQueue();
    const jobA = await s.drop('a.mov');
    const onlyA = await inspect(s, `?actor=${jobA.id}`);
    const onlyB = await inspect(s);
    const jobB = await s.drop('b.mov');
    onlyB.send({ type: 'subscribe', actors: [jobB.id] });
    const resubscribed = await onlyB.waitFor((m) => m.type === 'inspect.snapshot' && m !== onlyB.messages[0]);
    expect((resubscribed.data.actors as { actor: string }[]).map((x) => x.actor)).toEqual([`job:${jobB.id}`]);
    s.bp.service.resumeQueue();
    for (const job of [jobA, jobB])
      await all.waitFor(
        (m) =>
          m.type === '@xstate.snapshot' &&
          m.data.actor === `job:${job.id}` &&
          m.data.snapshot?.value === 'completed',
        60_000,
      );
    await onlyA.waitFor((m) => about(jobA.id)(m) && m.data.snapshot?.value === 'completed');
    await onlyB.waitFor((m) => about(jobB.id)(m) && m.data.snapshot?.value === 'completed');
    // The filtered clients' first snapshot described their own job (A was queued) and nothing else.
    const firstA = onlyA.messages[0].data as { actors: { actor: string }[] };
    expect(firstA.actors.map((x) => x.actor)).toEqual([`job:${jobA.id}`]);
    expect(onlyA.messages.filter((m) => m.type.startsWith('@xstate.')).every(about(jobA.id))).toBe(true);
    expect(onlyA.texts.some((t) => t.includes(jobB.id))).toBe(false);
    // The name as a path component: job A's own temp name ends in random hex, which can end in "…b.mov".
    expect(onlyA.texts.some((t) => /[/…]b\.mov/.test(t))).toBe(false);
    const afterSubscribe = onlyB.messages.slice(onlyB.messages.indexOf(resubscribed));
    expect(afterSubscribe.filter((m) => m.type.startsWith('@xstate.')).every(about(jobB.id))).toBe(true);
    expect(afterSubscribe.some((t) => JSON.stringify(t).includes(jobA.id))).toBe(false);
    expect(valuesOf(onlyA.messages, jobA.id)).toEqual(['{"active":"running"}', '"completed"']);
  });

  it('redacts folders from file paths unless the client asks for paths=1', async () => {
    const s = await started();
    const redacted = await inspect(s);
    const whole = await inspect(s, '?paths=1');
    const job = await s.drop('cue 7.mov');
    const clip = job.source.path;
    for (const c of [redacted, whole])
      await c.waitFor((m) => m.data.actor === `job:${job.id}` && m.data.snapshot?.value === 'completed');
    const folder = s.dir.path;
    expect(redacted.texts.some((t) => t.includes(folder))).toBe(false);
    expect(redacted.texts.some((t) => t.includes('…/cue 7.mov'))).toBe(true);
    expect(whole.texts.some((t) => t.includes(JSON.stringify(clip)))).toBe(true);
  });

  it('asks for the token like the event stream: 401 without it, open with the subprotocol, REST stays closed', async () => {
    const s = await started({ token: TOKEN });
    await expect(connectInspect(s.url)).rejects.toMatchObject({ status: 401 });
    const c = await connectInspect(s.url, '', { protocols: ['bvp.v1', `bvp.token.${TOKEN}`] });
    cleanups.push(() => c.close());
    expect(c.ws.protocol).toBe('bvp.v1');
    await c.waitFor((m) => m.type === 'inspect.snapshot');
    expect((await fetch(`${s.url}/api/v1/machines`)).status).toBe(401);
    const res = await fetch(`${s.url}/api/v1/machines`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
  });

  it('answers a bad client message with an error naming the expected messages, and ping with pong', async () => {
    const s = await started();
    const c = await inspect(s);
    c.send({ type: 'subscribe', actors: 'queue' });
    const error = await c.waitFor((m) => m.type === 'error');
    expect((error.data as { message: string }).message).toContain(
      '{"type":"subscribe","actors":[…] or null}',
    );
    c.send({ type: 'ping' });
    await c.waitFor((m) => m.type === 'pong');
  });
});
