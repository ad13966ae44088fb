import { describe, expect, it } from 'vitest';
import { createActor, createMachine } from 'xstate';
import { redactPaths } from '../../src/inspect/redact-paths.ts';
import { type ActorRefShape, toPlain } from '../../src/inspect/to-plain.ts';

const keep = { nameOf: (ref: ActorRefShape) => ref.systemId ?? ref.id, text: (s: string) => s };

describe('redactPaths', () => {
  it('keeps the file name of a whole-string path, spaces included, on POSIX, Windows and UNC', () => {
    expect(redactPaths('/shows/act 1/cue 1.mov')).toBe('…/cue 1.mov');
    expect(redactPaths('C:\\Shows\\cue.mov')).toBe('…/cue.mov');
    expect(redactPaths('\\\\server\\share\\cue.mov')).toBe('…/cue.mov');
  });

  it('removes folders from paths inside a longer text and leaves other text alone', () => {
    expect(redactPaths('cannot read /shows/act1/cue.mov: EACCES')).toBe('cannot read …/cue.mov: EACCES');
    expect(redactPaths('file:/out/x.mov')).toBe('file:…/x.mov');
    expect(redactPaths('scale=1920:1080')).toBe('scale=1920:1080');
    expect(redactPaths('job.progress')).toBe('job.progress');
  });
});

describe('toPlain', () => {
  it('drops functions, names actor refs, flattens errors and persistent maps, and survives cycles', () => {
    const actor = createActor(createMachine({ id: 'm' }), { systemId: 'job:1' });
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const error = Object.assign(new Error('boom /x/y.mov'), { code: 'ffmpeg.failed' });
    const map = { size: 1, buckets: [undefined, [['k', { ref: actor }]]] };
    expect(
      toPlain(
        {
          now: () => 1,
          ref: actor,
          error,
          map,
          cyclic,
          n: Number.NaN,
          list: [() => 1, 2],
          when: new Date(0),
        },
        keep,
      ),
    ).toEqual({
      ref: { $actor: 'job:1' },
      error: { name: 'Error', message: 'boom /x/y.mov', code: 'ffmpeg.failed' },
      map: { k: { ref: { $actor: 'job:1' } } },
      cyclic: { a: 1, self: '[cycle]' },
      n: null,
      list: [null, 2],
      when: '1970-01-01T00:00:00.000Z',
    });
  });

  it('cuts long lists with a count of what was left out', () => {
    const plain = toPlain(
      Array.from({ length: 205 }, (_, i) => i),
      keep,
    ) as unknown[];
    expect(plain).toHaveLength(201);
    expect(plain[200]).toBe('… 5 more');
  });
});
