import { BUILTIN_TARGETS } from './catalogue.ts';
import type { PlaybackTarget } from './types.ts';

export const TARGET_TABLE_START = '<!-- targets:start -->';
export const TARGET_TABLE_END = '<!-- targets:end -->';

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function describeVideo(target: PlaybackTarget): string {
  return target.video
    .map((rule) => {
      const limits: string[] = [];
      if (rule.tags) limits.push(rule.tags.join('/'));
      if (rule.sizeMultiple) limits.push(`sizes ×${rule.sizeMultiple}`);
      if (rule.maxLevel) limits.push(`level ≤ ${rule.maxLevel}`);
      if (rule.maxGopSeconds) limits.push(`GOP ≤ ${rule.maxGopSeconds} s`);
      if (rule.bframes === false) limits.push('no B-frames');
      if (rule.constantFrameRate) limits.push('CFR');
      return limits.length > 0 ? `${rule.codec} (${limits.join(', ')})` : rule.codec;
    })
    .join(', ');
}

function describeAudio(target: PlaybackTarget): string {
  const audio = target.audio;
  if (!audio) return 'any';
  const parts = [audio.codecs.join(', ')];
  if (audio.sampleRates) parts.push(audio.sampleRates.map((r) => `${r / 1000} kHz`).join('/'));
  if (audio.maxChannels) parts.push(`≤ ${audio.maxChannels} ch`);
  return parts.join('; ');
}

/** The README's "Which profile for which player" table: one row per target, from the catalogue. */
export function renderTargetTable(targets: readonly PlaybackTarget[] = BUILTIN_TARGETS): string {
  const rows = targets.map((t) =>
    [
      `\`${t.name}\``,
      t.title,
      t.profiles.map((p) => `\`${p}\``).join(', '),
      describeVideo(t),
      t.sizeMultiple ? `multiples of ${t.sizeMultiple}` : '—',
      describeAudio(t),
      [t.note, t.basis].filter(Boolean).join('. '),
    ].map(cell),
  );
  const lines = [
    '| target | player | profiles (best first) | video it plays | frame size | audio | notes and basis |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
  return `${lines.join('\n')}\n`;
}

/** `document` with the target table replaced, or null when the markers are missing. */
export function replaceTargetTable(document: string, table: string): string | null {
  const start = document.indexOf(TARGET_TABLE_START);
  const end = document.indexOf(TARGET_TABLE_END);
  if (start < 0 || end < start) return null;
  return `${document.slice(0, start + TARGET_TABLE_START.length)}\n${table}${document.slice(end)}`;
}

export function extractTargetTable(document: string): string | null {
  const start = document.indexOf(TARGET_TABLE_START);
  const end = document.indexOf(TARGET_TABLE_END);
  if (start < 0 || end < start) return null;
  return document.slice(start + TARGET_TABLE_START.length, end).replace(/^\n/, '');
}
