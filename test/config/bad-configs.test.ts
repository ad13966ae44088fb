import { describe, expect, it } from 'vitest';
import { validateConfigText } from '../../src/config/validate-text.ts';

const FILE = '/show/bvp.yaml';

/** A valid base to break one thing at a time; `watch:` lines are indented for the richer form. */
const ok = (extra = '', watchExtra = '') => `watch:
  - path: ./in
    profile: live-qlab
${watchExtra}${extra}`;

interface BadCase {
  name: string;
  yaml: string;
  path: string;
  message: RegExp;
  line?: number;
}

const CASES: BadCase[] = [
  {
    name: 'unknown profile lists the known names, custom ones included',
    yaml: `profiles:
  - name: lobby-loop
    container: mkv
    video: { codec: libx265, pixel_format: yuv420p, crf: 22 }
    audio: { codec: aac, bitrate: 192k }
watch:
  - path: ./in
    rules:
      - pattern: "*.mov"
        profile: live-qlabb
`,
    path: 'watch[0].rules[0].profile',
    message:
      /unknown profile "live-qlabb" \(did you mean "live-qlab"\?\); known profiles: .*live-qlab.*archival.*lobby-loop/,
    line: 10,
  },
  {
    name: 'a drop folder with an unknown profile',
    yaml: 'watch:\n  - path: ./in\n    profile: prores\n',
    path: 'watch[0].profile',
    message: /unknown profile "prores" \(did you mean "prores-4444"\?\); known profiles: live-qlab/,
  },
  {
    name: 'bad regex',
    yaml: ok(
      '',
      '    rules:\n      - pattern: "([a-z"\n        pattern_type: regex\n        profile: live-qlab\n',
    ),
    path: 'watch[0].rules[0].pattern',
    message: /not a valid regular expression/,
  },
  {
    name: 'glob with an unclosed brace',
    yaml: ok('', '    rules:\n      - pattern: "*.{mov,mp4"\n        profile: live-qlab\n'),
    path: 'watch[0].rules[0].pattern',
    message: /not a valid glob: it has a \{ without its closing \}/,
  },
  {
    name: 'negative stable_seconds',
    yaml: ok('', '    stable_seconds: -1\n'),
    path: 'watch[0].stable_seconds',
    message: /must be more than 0 seconds; got -1/,
    line: 4,
  },
  {
    name: 'zero stable_seconds',
    yaml: ok('', '    stable_seconds: 0\n'),
    path: 'watch[0].stable_seconds',
    message: /must be more than 0 seconds; got 0/,
  },
  {
    name: 'a reconcile scan more often than once a second',
    yaml: ok('poll_interval: 0.2\n'),
    path: 'poll_interval',
    message: /must be between 1 and 86400 seconds; got 0.2/,
  },
  {
    name: 'a watch entry without its path',
    yaml: 'watch:\n  - profile: live-qlab\n    recursive: true\n',
    path: 'watch[0].path',
    message: /"path" is required here/,
  },
  {
    name: 'no watch folder at all',
    yaml: 'output: ./out\n',
    path: '',
    message: /no watch folder/,
  },
  {
    name: 'unknown key with did-you-mean',
    yaml: ok('concurency: 2\n'),
    path: 'concurency',
    message: /unknown key "concurency"; did you mean "concurrency"\? Allowed here: .*collision/,
    line: 4,
  },
  {
    name: 'unknown key inside a watch entry',
    yaml: ok('', '    stable_secs: 3\n'),
    path: 'watch[0].stable_secs',
    message: /did you mean "stable_seconds"/,
  },
  {
    name: 'custom ProRes profile into .mp4',
    yaml: ok(`profiles:
  - name: prores-mp4
    container: mp4
    video: { codec: prores_ks, prores_profile: hq, pixel_format: yuv422p10le }
    audio: { codec: aac, bitrate: 256k }
`),
    path: 'profiles[0].video.codec',
    message: /ProRes cannot go in mp4/,
    line: 7,
  },
  {
    name: 'output_pattern with ..',
    yaml: ok(
      '',
      '    rules:\n      - pattern: "*"\n        profile: live-qlab\n        output_pattern: ../x/{stem}.{ext}\n',
    ),
    path: 'watch[0].rules[0].output_pattern',
    message: /must stay inside the output folder: ".." is not allowed/,
  },
  {
    name: 'absolute output_pattern',
    yaml: ok(
      '',
      '    rules:\n      - pattern: "*"\n        profile: live-qlab\n        output_pattern: /etc/x\n',
    ),
    path: 'watch[0].rules[0].output_pattern',
    message: /must be relative to the output folder, not absolute/,
  },
  {
    name: 'Windows-absolute output_pattern',
    yaml: ok(
      '',
      '    rules:\n      - pattern: "*"\n        profile: live-qlab\n        output_pattern: "C:\\\\x\\\\{stem}"\n',
    ),
    path: 'watch[0].rules[0].output_pattern',
    message: /not absolute/,
  },
  {
    name: 'unknown placeholder',
    yaml: ok(
      '',
      '    rules:\n      - pattern: "*"\n        profile: live-qlab\n        output_pattern: "{name}.{ext}"\n',
    ),
    path: 'watch[0].rules[0].output_pattern',
    message: /unknown placeholder \{name\}; known: \{filename\}/,
  },
  {
    name: 'concurrency 0',
    yaml: ok('concurrency: 0\n'),
    path: 'concurrency',
    message: /must be between 1 and 64; got 0/,
  },
  {
    name: 'bad source_action',
    yaml: ok('source_action: trash\n'),
    path: 'source_action',
    message: /must be keep, delete or \{ move: folder \}; got "trash"/,
  },
  {
    name: 'bad collision policy with did-you-mean',
    yaml: ok('collision: sufix\n'),
    path: 'collision',
    message: /must be one of suffix, overwrite, fail; got "sufix" \(did you mean "suffix"\?\)/,
  },
  {
    name: 'duplicate custom profile name',
    yaml: ok(`profiles:
  - { name: loop, container: mkv, video: { codec: libx265, pixel_format: yuv420p }, audio: null }
  - { name: loop, container: mov, video: { codec: libx264, pixel_format: yuv420p }, audio: null }
`),
    path: 'profiles[1].name',
    message: /duplicate custom profile name "loop" \(already defined at profiles\[0\]\)/,
    line: 6,
  },
  {
    name: 'YAML syntax error with its line',
    yaml: 'watch:\n  - path: ./in\n   profile: live-qlab\nconcurrency: 1\n',
    path: '',
    message: /^YAML syntax: /,
    line: 3,
  },
  {
    name: 'a key written twice',
    yaml: ok('concurrency: 1\nconcurrency: 2\n'),
    path: 'concurrency',
    message: /YAML syntax: Map keys must be unique/,
    line: 5,
  },
  {
    name: 'api.port out of range',
    yaml: ok('api:\n  port: 70000\n'),
    path: 'api.port',
    message: /must be between 0 and 65535; got 70000/,
  },
  {
    name: 'wrong type',
    yaml: ok('max_attempts: three\n'),
    path: 'max_attempts',
    message: /expected a number, got "three"/,
  },
  {
    name: 'yes is not a boolean in YAML 1.2',
    yaml: ok('delete_input: yes\n'),
    path: 'delete_input',
    message: /expected true or false, got "yes"/,
  },
  {
    name: 'output folder is the watch folder',
    yaml: ok('output: ./in\n'),
    path: 'output',
    message: /is the watch folder .* itself/,
  },
  {
    name: 'move-to folder is the watch folder',
    yaml: ok('', '    source_action: { move: ./in }\n'),
    path: 'watch[0].source_action',
    message: /move-to folder is the watch folder/,
  },
  {
    name: 'a public bind without a token',
    yaml: ok('api:\n  host: 0.0.0.0\n'),
    path: 'api.host',
    message: /set api\.token/,
  },
  {
    name: 'a short token',
    yaml: ok('api:\n  token: abc\n'),
    path: 'api.token',
    message: /at least 16 characters/,
  },
  {
    name: 'wildcard CORS',
    yaml: ok('api:\n  cors_origins: ["*"]\n'),
    path: 'api.cors_origins[0]',
    message: /wildcard "\*" is not allowed/,
  },
  {
    name: 'both forms of the watch folder',
    yaml: ok('watch_directory: ./other\n'),
    path: 'watch_directory',
    message: /"watch" and "watch_directory" both set/,
  },
  {
    name: 'delete_input and source_action on one rule',
    yaml: ok(
      '',
      '    rules:\n      - pattern: "*"\n        profile: live-qlab\n        delete_input: true\n        source_action: keep\n',
    ),
    path: 'watch[0].rules[0].delete_input',
    message: /both set; keep one/,
  },
  {
    name: 'a watch folder with neither rules nor profile',
    yaml: 'watch:\n  - path: ./in\n',
    path: 'watch[0]',
    message: /no rules and no profile/,
  },
  {
    name: 'nested recursive watch folders',
    yaml: 'watch:\n  - path: ./in\n    profile: live-qlab\n  - path: ./in/sub\n    profile: live-h264\n',
    path: 'watch[1].path',
    message: /inside watch\[0\] .* its files would be seen twice/,
  },
  {
    name: 'a bad log level',
    yaml: ok('log_level: LOUD\n'),
    path: 'log_level',
    message: /must be one of debug, info, warn, warning, error, critical/,
  },
  {
    name: 'an empty document',
    yaml: '# nothing yet\n',
    path: '',
    message: /the document is empty/,
  },
];

describe('bad configs', () => {
  it.each(CASES)('$name', ({ yaml, path, message, line }) => {
    const result = validateConfigText(yaml, { file: FILE });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const issue = result.issues.find((i) => i.path === path && message.test(i.message));
    expect(issue, JSON.stringify(result.issues, null, 2)).toBeDefined();
    expect(issue!.file).toBe(FILE);
    if (line !== undefined) expect(issue!.line).toBe(line);
  });

  it('covers at least 15 distinct faults', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(15);
  });
});
