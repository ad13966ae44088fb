/**
 * Encode speed of the show-media profiles on a 10 s 1920×1080 25 fps clip with stereo 48 kHz audio (fps and
 * realtime factor, one encode each: on two shared cores a minute-long x265 encode is the sample), and the cost of
 * measuring loudness (ffmpeg ebur128 over the audio, as a loudness check would) relative to those encodes — on the
 * source, and per profile on its own output, as every job with audio now does (src/media/loudness-output.ts).
 */
import { execa } from 'execa';
import { measureLoudnorm } from '../../src/media/loudness.ts';
import { measureOutputLoudness } from '../../src/media/loudness-output.ts';
import { probe } from '../../src/media/probe.ts';
import { buildFfmpegArgs } from '../../src/profiles/args.ts';
import { BUILTIN_PROFILES } from '../../src/profiles/validate.ts';
import { makeClip, makeTempDir } from '../helpers/clips.ts';
import { type BenchResult, resultOf, round, runIfMain } from './bench-result.ts';
import { epochMs } from './service-batch.ts';

const NEW = ['hap', 'hap-alpha', 'hap-q', 'prores-4444', 'dnxhr-hq', 'dnxhr-hqx', 'loop-h264', 'loop-hevc'];
const SECONDS = 10;
const FPS = 25;

export async function run(): Promise<BenchResult[]> {
  const dir = await makeTempDir('bvp-bench-profiles-');
  try {
    const source = await makeClip(dir.join('source.mov'), {
      seconds: SECONDS,
      fps: String(FPS),
      width: 1920,
      height: 1080,
    });
    const input = await probe(source, { ffprobe: 'ffprobe' });
    const results: BenchResult[] = [];
    const encodeMs: number[] = [];
    const measureVsEncode: number[] = [];
    for (const name of NEW) {
      const profile = BUILTIN_PROFILES.find((p) => p.name === name)!;
      const output = dir.join(`${name}.out`);
      const args = buildFfmpegArgs({
        inputPath: source,
        outputPath: output,
        input,
        profile,
      });
      const started = epochMs();
      // -benchmark: ffmpeg reports its own CPU time, which a loaded machine (other suites on 2 cores) does not inflate.
      const { stderr } = await execa('ffmpeg', ['-benchmark', ...args], { stdin: 'ignore' });
      const ms = epochMs() - started;
      const cpuSeconds = cpuSecondsOf(stderr);
      encodeMs.push(ms);
      const note = `one encode of ${SECONDS * FPS} frames with the profile's own preset`;
      results.push(
        resultOf(
          {
            id: `profiles.${name}.fps`,
            issue: 13,
            name: `${name}: encode speed, 1080p25 frames per second`,
            unit: 'count',
            target: null,
            note,
          },
          [round((SECONDS * FPS) / (ms / 1000))],
        ),
        resultOf(
          {
            id: `profiles.${name}.realtime`,
            issue: 13,
            name: `${name}: realtime factor (content seconds per wall second)`,
            unit: 'x',
            target: null,
          },
          [round(SECONDS / (ms / 1000))],
        ),
      );
      results.push(...(await measurePass(name, output, ms, measureVsEncode)));
      if (cpuSeconds !== null) {
        results.push(
          resultOf(
            {
              id: `profiles.${name}.cpu-fps`,
              issue: 13,
              name: `${name}: frames per CPU second (user + system), 1080p25`,
              unit: 'count',
              target: null,
              note: 'ffmpeg -benchmark utime + stime: the encode cost itself, whatever else the machine runs',
            },
            [round((SECONDS * FPS) / cpuSeconds)],
          ),
        );
      }
    }
    const firstPassMs: number[] = [];
    const loudness = { target_lufs: -23, true_peak_db: -1, lra: 11, normalize: true };
    const audioIndex = input.streams.find((st) => st.type === 'audio')?.index ?? 1;
    for (let i = 0; i < 3; i++) {
      const started = epochMs();
      await measureLoudnorm(source, loudness, { ffmpeg: 'ffmpeg', streamIndex: audioIndex });
      firstPassMs.push(epochMs() - started);
    }
    results.push(
      resultOf(
        {
          id: 'profiles.loudnorm-pass.ms',
          issue: 13,
          name: 'Loudness first pass (loudnorm measure) of the 10 s clip',
          unit: 'ms',
          target: null,
          note: 'the pass a normalising job runs before its encode (src/media/loudness.ts)',
        },
        firstPassMs,
      ),
    );
    const loudnessMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = epochMs();
      await execa(
        'ffmpeg',
        [
          '-hide_banner',
          '-nostdin',
          '-i',
          source,
          '-map',
          '0:a:0',
          '-af',
          'ebur128=peak=true',
          '-f',
          'null',
          '-',
        ],
        { stdin: 'ignore' },
      );
      loudnessMs.push(epochMs() - started);
    }
    const fastest = Math.min(...encodeMs);
    const mean = encodeMs.reduce((a, b) => a + b, 0) / encodeMs.length;
    results.push(
      resultOf(
        {
          id: 'profiles.loudness.ms',
          issue: 13,
          name: 'Loudness measurement (ebur128, true peak) of the 10 s clip',
          unit: 'ms',
          target: null,
          note: 'ffmpeg reads the whole file but decodes only the audio stream',
        },
        loudnessMs,
      ),
      resultOf(
        {
          id: 'profiles.loudness.vs-fastest',
          issue: 13,
          name: 'Loudness measurement ÷ the fastest new-profile encode',
          unit: 'x',
          target: null,
        },
        loudnessMs.map((ms) => round(ms / fastest)),
      ),
      resultOf(
        {
          id: 'profiles.loudness.vs-mean',
          issue: 13,
          name: 'Loudness measurement ÷ the mean new-profile encode',
          unit: 'x',
          target: null,
        },
        loudnessMs.map((ms) => round(ms / mean)),
      ),
    );
    results.push(
      resultOf(
        {
          id: 'profiles.loudness.measure-all.vs-encode',
          issue: 13,
          name: 'Output loudness measurement ÷ its encode, one sample per new profile',
          unit: 'x',
          target: null,
          note: 'what measuring every job with audio adds to a job (turn off per profile: loudness.measure: false)',
        },
        measureVsEncode,
      ),
    );
    return results;
  } finally {
    await dir.cleanup();
  }
}

/**
 * The measure pass every job with audio runs on its output (an audio-only ebur128 pass; the big video packets are
 * read, not decoded), three times on the profile's output, and its ratio to that profile's encode.
 */
async function measurePass(
  name: string,
  output: string,
  encodeMs: number,
  ratios: number[],
): Promise<BenchResult[]> {
  const info = await probe(output, { ffprobe: 'ffprobe' });
  const report = { targetLufs: null, truePeakDb: null, mode: 'measured' as const, streams: [] };
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = epochMs();
    const measured = await measureOutputLoudness(info, report, { ffmpeg: 'ffmpeg' });
    if (measured.unmeasured) throw new Error(`${name}: ${measured.unmeasured}`);
    samples.push(epochMs() - started);
  }
  const fastest = Math.min(...samples);
  ratios.push(round(fastest / encodeMs));
  return [
    resultOf(
      {
        id: `profiles.loudness.measure-${name}.ms`,
        issue: 13,
        name: `${name}: loudness measurement of its 10 s output (ebur128, -vn)`,
        unit: 'ms',
        target: null,
      },
      samples,
    ),
    resultOf(
      {
        id: `profiles.loudness.measure-${name}.vs-encode`,
        issue: 13,
        name: `${name}: output loudness measurement ÷ its encode`,
        unit: 'x',
        target: null,
      },
      samples.map((ms) => round(ms / encodeMs)),
    ),
  ];
}

/** utime + stime from ffmpeg's `-benchmark` line ("bench: utime=12.390s stime=0.101s rtime=36.810s"). */
function cpuSecondsOf(stderr: string): number | null {
  const match = /bench: utime=([\d.]+)s stime=([\d.]+)s/.exec(stderr);
  return match ? Number(match[1]) + Number(match[2]) : null;
}

await runIfMain(import.meta.url, run);
