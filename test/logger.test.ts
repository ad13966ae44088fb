import { describe, expect, it } from 'vitest';
import { createLogger, describeServiceEvent, escapeControls } from '../src/logger.ts';

describe('console lines', () => {
  it('escapes control characters in file names so a name cannot forge a line or repaint the terminal', () => {
    const path = '/watch/cue\n2026-11-30T00:00:00.000Z info  completed fake.mov\u001b[2J.mov';
    const line = describeServiceEvent({
      type: 'job.started',
      at: 0,
      data: { id: 'j1', job: { source: { path } } },
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
