import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { formatIssues } from '../../src/config/format-issues.ts';
import { redactConfig } from '../../src/config/redact.ts';
import { defaultConfig, starterConfigText } from '../../src/config/starter.ts';
import { configToFileForm } from '../../src/config/to-file-form.ts';
import type { Config } from '../../src/config/types.ts';
import { validateConfigText } from '../../src/config/validate-text.ts';

function valid(text: string, file = '/show/conf/bvp.yaml'): Config {
  const result = validateConfigText(text, { file });
  if (!result.ok) throw new Error(formatIssues(result.issues));
  return result.config;
}

describe('validateConfigText', () => {
  it('reports every problem at once: three faults, three issues', () => {
    const result = validateConfigText(
      `watch:
  - path: ./in
    stable_seconds: -2
    rules:
      - pattern: "*.mov"
        profile: no-such-profile
concurrency: 0
`,
      { file: 'bvp.yaml' },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path)).toEqual([
      'watch[0].stable_seconds',
      'watch[0].rules[0].profile',
      'concurrency',
    ]);
    expect(result.issues.map((i) => i.line)).toEqual([3, 6, 7]);
  });

  it("normalises the original's monitor.yaml into one watch entry", () => {
    const config = valid(`watch_directory: ../incoming
output_directory: /srv/out
poll_interval: 5
delete_input: true
log_level: WARNING
log_file: logs/monitor.log
persist_path: state/queue.json
rules:
  - pattern: "*_live.mov"
    profile: live-qlab
    output_pattern: "{filename_no_ext}_qlab.mov"
    priority: 100
  - pattern: "archive_*.mov"
    pattern_type: glob
    profile: archival
    delete_input: false
    priority: 50
`);
    expect(config.watch).toHaveLength(1);
    const [watch] = config.watch;
    expect(watch!.path).toBe('/show/incoming');
    expect(watch!.output).toBe('/srv/out');
    expect(watch!.poll_interval).toBe(5);
    expect(watch!.recursive).toBe(true);
    expect(watch!.source_action).toEqual({ kind: 'delete' });
    expect(watch!.rules.map((r) => [r.name, r.priority, r.source_action.kind])).toEqual([
      ['rules[0]', 100, 'delete'],
      // A rule's own delete_input: false wins over the global delete.
      ['rules[1]', 50, 'keep'],
    ]);
    expect(config.logging).toEqual({ level: 'warn', file: '/show/conf/logs/monitor.log' });
    expect(config.data).toBe('/show/conf/state');
  });

  it('resolves relative paths against the config file folder, not the cwd', () => {
    const config = valid(
      `watch:
  - path: watch
    profile: live-qlab
    source_action: { move: ./done }
output: ../out
data: ./state
ffmpeg: { ffmpeg: ./bin/ffmpeg, ffprobe: ffprobe }
`,
      '/mnt/show/config/bvp.yaml',
    );
    expect(config.watch[0]!.path).toBe('/mnt/show/config/watch');
    expect(config.watch[0]!.output).toBe('/mnt/show/out');
    expect(config.watch[0]!.source_action).toEqual({ kind: 'move', folder: '/mnt/show/config/done' });
    expect(config.data).toBe('/mnt/show/config/state');
    // A bare command name is looked up on PATH, so it stays as written.
    expect(config.ffmpeg).toEqual({ ffmpeg: '/mnt/show/config/bin/ffmpeg', ffprobe: 'ffprobe' });
  });

  it('fills in the defaults of the richer form', () => {
    const config = valid('watch:\n  - path: ./in\n    profile: live-qlab\n');
    const [watch] = config.watch;
    expect(watch!.stable_seconds).toBe(5);
    expect(watch!.poll_interval).toBe(10);
    expect(watch!.polling).toBe(false);
    expect(watch!.extensions).toEqual(expect.arrayContaining(['mov', 'mxf', 'wav', 'aiff', 'flac']));
    expect(watch!.ignore).toEqual(
      expect.arrayContaining(['.*', '._*', '*.part', '*.crdownload', '.*.bvp-tmp-*']),
    );
    expect(watch!.output).toBe('/show/conf/output');
    expect(config).toMatchObject({
      source_action: { kind: 'keep' },
      collision: 'suffix',
      concurrency: 1,
      max_attempts: 3,
      stall_seconds: 120,
      shutdown_grace_seconds: 30,
      data: '/show/conf/data',
      api: { host: '127.0.0.1', port: 8080, token: null, cors_origins: [], body_limit: 1024 * 1024 },
      logging: { level: 'info', file: null },
    });
  });

  it("adds the operator's ignore globs to the built-in ones instead of replacing them", () => {
    const config = valid('watch:\n  - path: ./in\n    profile: live-qlab\n    ignore: ["*.xml"]\n');
    expect(config.watch[0]!.ignore).toEqual(expect.arrayContaining(['._*', '*.xml']));
  });

  it('accepts an output folder inside the watch folder and records it so the watcher skips it', () => {
    const config = valid(`watch:
  - path: ./in
    profile: live-qlab
    output: ./in/_transcoded
    source_action: { move: ./in/_done }
`);
    expect(config.watch[0]!.exclude.sort()).toEqual(['/show/conf/in/_done', '/show/conf/in/_transcoded']);
  });

  it('gives top-level rules to watch folders that have neither rules nor a profile', () => {
    const config = valid(`watch:
  - path: ./a
  - path: ./b
    profile: live-h264
rules:
  - pattern: "**"
    profile: live-qlab
`);
    expect(config.watch[0]!.rules.map((r) => r.profile)).toEqual(['live-qlab']);
    expect(config.watch[1]!.rules).toEqual([]);
  });

  it('takes custom profiles, which rules may then use', () => {
    const config = valid(`profiles:
  - name: lobby-loop
    container: mkv
    video: { codec: libx265, pixel_format: yuv420p, crf: 24 }
    audio: null
watch:
  - path: ./in
    profile: lobby-loop
`);
    expect(config.profiles.map((p) => p.name)).toEqual(['lobby-loop']);
  });

  it('reads sizes and Python log levels', () => {
    const config = valid(
      'watch:\n  - path: ./in\n    profile: live-qlab\napi: { body_limit: 2mb }\nlogging: { level: CRITICAL }\n',
    );
    expect(config.api.body_limit).toBe(2 * 1024 * 1024);
    expect(config.logging.level).toBe('error');
  });

  it('round-trips: the effective config in file form loads to the same Config', () => {
    const config = valid(`profiles:
  - { name: loop, container: mkv, video: null, audio: { codec: pcm_s16le }, streams: { video: none } }
watch:
  - path: ./in
    output: ./in/out
    rules:
      - { pattern: "*.wav", profile: audio-qlab, delete_input: true }
    profile: loop
api: { token: 0123456789abcdef0123 }
`);
    const again = valid(stringify(configToFileForm(config)), '/elsewhere/x.yaml');
    expect(again).toEqual(config);
  });

  it('redacts the token and nothing else', () => {
    const config = valid(
      'watch:\n  - path: ./in\n    profile: live-qlab\napi: { token: 0123456789abcdef0123 }\n',
    );
    const safe = redactConfig(config);
    expect(safe.api.token).toBe('***');
    expect(config.api.token).toBe('0123456789abcdef0123');
    expect({ ...safe, api: { ...safe.api, token: config.api.token } }).toEqual(config);
    expect(JSON.stringify(safe)).not.toContain('0123456789abcdef');
    expect(redactConfig(valid('watch:\n  - path: ./in\n    profile: live-qlab\n')).api.token).toBeNull();
  });

  it('formats issues like a compiler, one per line', () => {
    expect(
      formatIssues([
        {
          file: 'a.yaml',
          path: 'concurrency',
          message: 'must be between 1 and 64; got 0',
          line: 3,
          column: 14,
        },
        { file: 'a.yaml', path: '', message: 'the document is empty' },
      ]),
    ).toBe(
      'a.yaml:3:14  concurrency: must be between 1 and 64; got 0\na.yaml  (document): the document is empty',
    );
  });
});

describe('starter and default config', () => {
  it('the starter text is valid and keeps its comments', () => {
    const text = starterConfigText({ watch: './drop here' });
    const result = validateConfigText(text, { file: '/x/bvp.yaml' });
    expect(result.ok).toBe(true);
    expect(text).toMatch(/^# Bulletproof config/);
    expect(parse(text).watch[0].path).toBe('./drop here');
  });

  it('defaultConfig puts everything under the base folder', () => {
    const config = defaultConfig('/srv/bvp');
    expect(config.watch[0]!.path).toBe('/srv/bvp/watch');
    expect(config.output).toBe('/srv/bvp/output');
    expect(config.data).toBe('/srv/bvp/data');
  });
});
