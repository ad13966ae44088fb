import { describe, expect, it } from 'vitest';
import { createLogger, describeServiceEvent, escapeControls, logServiceEvent } from '../src/logger.ts';
import { jobViewFixture } from './helpers/job-view.ts';

describe('console lines', () => {
  it('escapes control characters in file names so a name cannot forge a line or repaint the terminal', () => {
    const path = '/watch/cue\n2026-11-30T00:00:00.000Z info  completed fake.mov\u001b[2J.mov';
    const line = describeServiceEvent({
      type: 'job.started',
      at: 0,
      data: {
        id: 'j1',
        status: 'running',
        job: jobViewFixture({ id: 'j1', status: 'running', source: { path, size: 1, mtimeMs: 0 } }),
      },
    });
    expect(line?.[1]).toBe(
      'started /watch/cue\\n2026-11-30T00:00:00.000Z info  completed fake.mov\\x1b[2J.mov (j1)',
    );
    const lines: string[] = [];
    createLogger({ level: 'info', file: null }, (l) => lines.push(l)).info(`a\tb\u0007\nindented`);
    expect(lines[0]).toMatch(/ info {2}a\\tb\\x07\nindented$/);
    expect(escapeControls('tab\there\r')).toBe('tab\\there\\r');
  });

  it('says ignored for a file not meant for us and rejected for one that cannot be used, as /status counts them', () => {
    const ignored = describeServiceEvent({
      type: 'file.ignored',
      at: 0,
      data: { path: '/w/a.txt', reason: 'no_rule', message: 'no rule matches', outcome: 'ignored' },
    });
    const rejected = describeServiceEvent({
      type: 'file.ignored',
      at: 0,
      data: {
        path: '/w/b.mov',
        reason: 'input.unreadable',
        message: 'ffprobe cannot read it',
        outcome: 'rejected',
      },
    });
    expect(ignored?.[1]).toBe('ignored /w/a.txt: no_rule: no rule matches');
    expect(rejected?.[1]).toBe('rejected /w/b.mov: input.unreadable: ffprobe cannot read it');
  });
});

describe('structured log file', () => {
  it('writes one JSON object per line with the event, its job id and its data, while the console stays text', async () => {
    const { mkdtemp, readFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = await mkdtemp(path.join(tmpdir(), 'bvp-log-'));
    const file = path.join(dir, 'bvp.log');
    const console: string[] = [];
    const log = createLogger({ level: 'info', file, format: 'json' }, (l) => console.push(l));
    const source = '/watch/cue\n1.mov';
    logServiceEvent(log, {
      type: 'job.started',
      at: Date.UTC(2026, 10, 30),
      data: {
        id: 'j1',
        status: 'running',
        job: jobViewFixture({ id: 'j1', status: 'running', source: { path: source, size: 1, mtimeMs: 0 } }),
      },
    });
    logServiceEvent(log, { type: 'queue.paused', at: 0, data: {} });
    logServiceEvent(log, {
      type: 'job.progress',
      at: 0,
      data: {
        id: 'j1',
        status: 'running',
        progress: { percent: 1, fps: null, speed: null, etaSeconds: null, outTimeSeconds: 0 },
      },
    });
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const started = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(started).toMatchObject({
      level: 'info',
      msg: `started ${source.replace('\n', '\\n')} (j1)`,
      event: 'job.started',
      jobId: 'j1',
      at: '2026-11-30T00:00:00.000Z',
      data: { id: 'j1', job: { source: { path: source } } },
    });
    expect(typeof started.time).toBe('string');
    expect(JSON.parse(lines[1])).toMatchObject({ level: 'info', msg: 'queue paused', event: 'queue.paused' });
    expect(JSON.parse(lines[1])).not.toHaveProperty('jobId');
    expect(console[0]).toMatch(/ info {2}started \/watch\/cue\\n1\.mov \(j1\)$/);
  });

  it('writes the console text to the file by default', async () => {
    const { mkdtemp, readFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'bvp-log-')), 'bvp.log');
    const console: string[] = [];
    createLogger({ level: 'info', file }, (l) => console.push(l)).warn('a\u001bb');
    expect(await readFile(file, 'utf8')).toBe(`${console[0]}\n`);
    expect(console[0]).toMatch(/ warn {2}a\\x1bb$/);
  });
});
