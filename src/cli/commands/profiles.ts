import { createProfileRegistry } from '../../profiles/registry.ts';
import type { Profile } from '../../profiles/schema.ts';
import { parseCommandArgs, UsageError, writeLine } from '../args.ts';
import type { CliCommand, CliIo } from '../io.ts';

const USAGE = `Usage: bvp profiles [--json]

Lists the built-in profiles: name, container, video, audio and what each is for.
`;

function videoSummary(p: Profile): string {
  if (!p.video) return 'no video';
  const v = p.video;
  const parts: string[] = [v.codec === 'prores_ks' ? `ProRes ${v.prores_profile}` : v.codec, v.pixel_format];
  if (v.crf !== undefined) parts.push(`CRF ${v.crf}`);
  if (v.max_bitrate) parts.push(`≤${v.max_bitrate}b/s`);
  if (v.keyframes)
    parts.push(`${v.keyframes.mode === 'forced' ? 'keyframe every' : 'GOP ≤'} ${v.keyframes.seconds}s`);
  if (v.max_width && v.max_height) parts.push(`fits ${v.max_width}x${v.max_height}`);
  return parts.join(', ');
}

function audioSummary(p: Profile): string {
  if (!p.audio) return 'no audio';
  const a = p.audio;
  return [a.codec, a.bitrate, a.sample_rate ? `${a.sample_rate / 1000} kHz` : undefined]
    .filter(Boolean)
    .join(' ');
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const profiles = createProfileRegistry().all();
  if (values.json) {
    writeLine(io.stdout, JSON.stringify(profiles, null, 2));
    return 0;
  }
  const width = Math.max(...profiles.map((p) => p.name.length));
  for (const p of profiles) {
    writeLine(
      io.stdout,
      `${p.name.padEnd(width)}  .${p.container.padEnd(4)} ${videoSummary(p)}; ${audioSummary(p)}`,
    );
    if (p.description) writeLine(io.stdout, `${' '.repeat(width)}  ${p.description}`);
  }
  return 0;
}

export const profilesCommand: CliCommand = { name: 'profiles', summary: 'list the profiles', run };
