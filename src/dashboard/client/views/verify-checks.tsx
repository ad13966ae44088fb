import type { JobDetailView } from '../types.ts';

interface Check {
  name: string;
  expected: string;
}

/** What verification compares the output against, from the job's own profile settings. */
function checksOf(job: JobDetailView): Check[] {
  const p = job.profileSettings as unknown as {
    container?: string;
    video?: { codec?: string; pixel_format?: string; prores_profile?: string } | null;
    audio?: { codec?: string; sample_rate?: number } | null;
    keyframes?: unknown;
  };
  const checks: Check[] = [{ name: 'container', expected: p.container ?? '—' }];
  if (p.video) {
    checks.push({
      name: 'video codec',
      expected: `${p.video.codec ?? '—'}${p.video.prores_profile ? ` (${p.video.prores_profile})` : ''}`,
    });
    if (p.video.pixel_format) checks.push({ name: 'pixel format', expected: p.video.pixel_format });
  }
  if (p.audio) {
    checks.push({ name: 'audio codec', expected: p.audio.codec ?? '—' });
    if (p.audio.sample_rate) checks.push({ name: 'sample rate', expected: `${p.audio.sample_rate} Hz` });
  }
  checks.push({ name: 'duration', expected: 'matches the source within tolerance' });
  if (p.keyframes) checks.push({ name: 'keyframes', expected: JSON.stringify(p.keyframes) });
  return checks;
}

/**
 * The verification result check by check. The server records "verified" (all passed) or a verify.* error naming the
 * check that failed; the checks themselves follow from the profile.
 */
export function VerifyChecks(props: { job: JobDetailView }) {
  const { job } = props;
  const verified = job.timeline.some((t) => t.type === 'verified') || job.status === 'completed';
  const failure = job.error?.code.startsWith('verify') ? job.error.message.toLowerCase() : null;
  const checks = checksOf(job);
  const result = (check: Check): { mark: string; cls: string; text: string } => {
    if (verified) return { mark: '✓', cls: 'ok-text', text: 'passed' };
    if (failure?.includes(check.name.split(' ')[0]!)) return { mark: '✗', cls: 'bad-text', text: 'failed' };
    if (failure) return { mark: '·', cls: 'muted', text: 'not the failing check' };
    return { mark: '·', cls: 'muted', text: 'not verified yet' };
  };
  return (
    <div class="panel" data-testid="verify-checks">
      <h3>Verification</h3>
      {failure && <p class="bad-text">{job.error!.message}</p>}
      <table class="data">
        <thead>
          <tr>
            <th scope="col">check</th>
            <th scope="col">expected</th>
            <th scope="col">result</th>
          </tr>
        </thead>
        <tbody>
          {checks.map((c) => {
            const r = result(c);
            return (
              <tr key={c.name} data-testid="verify-check">
                <td>{c.name}</td>
                <td>{c.expected}</td>
                <td class={r.cls}>
                  <span aria-hidden="true">{r.mark}</span> {r.text}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
