import type { JobLoudness, LoudnessFigures } from '../../../../machines/types.ts';
import { formatNumber } from '../format.ts';
import type { JobDetailView } from '../types.ts';

/** How far a normalised output may be from its target (verify-loudness.ts says the same). */
const TOLERANCE_LU = 1;

const MODES: Readonly<Record<JobLoudness['mode'], string>> = {
  linear: 'normalised with one gain for the whole file (linear)',
  dynamic: 'normalised by loudnorm’s dynamic compressor',
  measured: 'measured only, not normalised',
  silent: 'silent source, left as it is',
};

function lufs(value: number | null | undefined): string {
  return value === null || value === undefined ? 'silent' : `${formatNumber(value, 1)} LUFS`;
}

function figure(value: number | null | undefined, unit: string): string {
  return value === null || value === undefined ? '—' : `${formatNumber(value, 1)} ${unit}`;
}

function signed(value: number): string {
  return `${value > 0 ? '+' : ''}${formatNumber(value, 1)} LU`;
}

/** Why a job has no figures, from what the job itself says. */
function missingReason(job: JobDetailView): string {
  if (job.status === 'pending' || job.status === 'running' || job.status === 'paused')
    return 'Measured once the output is encoded.';
  if (job.profileSettings.audio === null) return 'The profile has no audio.';
  if (job.profileSettings.loudness?.measure === false)
    return 'Measurement is off for this profile (loudness.measure: false).';
  if (job.status !== 'completed') return 'No output was finished to measure.';
  return 'No loudness figures: the output has no audio (or the job ran before every output was measured).';
}

/** One output track: integrated loudness, true peak, range, and how far it is from the target. */
function TrackRow(props: {
  index: number;
  output: LoudnessFigures | null;
  source: LoudnessFigures | null;
  report: JobLoudness;
  showSource: boolean;
}) {
  const { output, source, report } = props;
  const target = report.targetLufs;
  const measured = output?.integratedLufs ?? null;
  const off = target !== null && measured !== null ? measured - target : null;
  // Only a normalised track is held to the target; a measure-only one is just compared with it.
  const checked = report.mode === 'linear' || report.mode === 'dynamic';
  const offClass = off === null || !checked ? '' : Math.abs(off) <= TOLERANCE_LU ? 'ok-text' : 'bad-text';
  return (
    <tr data-testid="loudness-track">
      <td>{props.index + 1}</td>
      <td data-testid="loudness-integrated">{output ? lufs(output.integratedLufs) : 'not measured'}</td>
      <td data-testid="loudness-peak">{figure(output?.truePeakDb, 'dBTP')}</td>
      <td data-testid="loudness-lra">{figure(output?.lraLu, 'LU')}</td>
      {target !== null && (
        <td data-testid="loudness-off" class={offClass}>
          {off === null ? '—' : signed(off)}
        </td>
      )}
      {props.showSource && (
        <td data-testid="loudness-source">{source ? lufs(source.integratedLufs) : '—'}</td>
      )}
    </tr>
  );
}

/**
 * The output's EBU R128 loudness per audio track (measured for every job with audio), with the job's target beside
 * it when the profile or an override set one, and why figures are missing when they are.
 */
export function Loudness(props: { job: JobDetailView }) {
  const { job } = props;
  const report = job.result?.loudness;
  if (!report) {
    return (
      <div class="panel" data-testid="loudness">
        <h3>Loudness</h3>
        <p class="muted" data-testid="loudness-missing">
          {missingReason(job)}
        </p>
      </div>
    );
  }
  const target = report.targetLufs;
  const showSource = report.streams.some((s) => s.source !== null);
  return (
    <div class="panel" data-testid="loudness">
      <h3>Loudness</h3>
      <p data-testid="loudness-target">
        {target === null
          ? 'No target in the profile: '
          : `Target ${lufs(target)}, true peak ≤ ${formatNumber(report.truePeakDb, 1)} dBTP: `}
        {MODES[report.mode]}.
      </p>
      {report.unmeasured && (
        <p class="bad-text" data-testid="loudness-unmeasured">
          Not measured: {report.unmeasured}
        </p>
      )}
      <table class="data">
        <thead>
          <tr>
            <th scope="col">track</th>
            <th scope="col">integrated</th>
            <th scope="col">true peak</th>
            <th scope="col">range (LRA)</th>
            {target !== null && <th scope="col">vs target</th>}
            {showSource && <th scope="col">source</th>}
          </tr>
        </thead>
        <tbody>
          {report.streams.map((s, i) => (
            <TrackRow
              key={i}
              index={i}
              output={s.output}
              source={s.source}
              report={report}
              showSource={showSource}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
