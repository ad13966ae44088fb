import type { JobDetailView } from '../types.ts';

interface Check {
  name: string;
  expected: string;
}

/** What verification compares the output against, from the job's own profile settings (for older records). */
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

/** The checks the server recorded: what each expected, what the output had, and the verdict. */
function RecordedChecks(props: { checks: NonNullable<JobDetailView['verification']> }) {
  const failed = props.checks.filter((c) => !c.ok).length;
  return (
    <>
      <p class={failed > 0 ? 'bad-text' : 'ok-text'} data-testid="verify-summary">
        {failed > 0
          ? `${failed} of ${props.checks.length} checks failed`
          : `All ${props.checks.length} checks passed`}
      </p>
      <table class="data">
        <thead>
          <tr>
            <th scope="col">check</th>
            <th scope="col">expected</th>
            <th scope="col">actual</th>
            <th scope="col">result</th>
          </tr>
        </thead>
        <tbody>
          {props.checks.map((c, i) => (
            <tr key={`${c.name}-${i}`} data-testid="verify-check" data-ok={String(c.ok)}>
              <td>{c.name}</td>
              <td>{c.expected}</td>
              <td>{c.actual}</td>
              <td class={c.ok ? 'ok-text' : 'bad-text'}>
                <span class="check-verdict">
                  <span aria-hidden="true">{c.ok ? '✓' : '✗'}</span> {c.ok ? 'passed' : 'failed'}
                </span>
                {!c.ok && c.message && <span class="check-message">{c.message}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/**
 * What the job's verification expected, from its profile, for records made before the checks were kept: the server
 * recorded only "verified" (all passed) or a verify.* error naming the check that failed.
 */
function ExpectedChecks(props: { job: JobDetailView }) {
  const { job } = props;
  const verified = job.timeline.some((t) => t.type === 'verified') || job.status === 'completed';
  const failure = job.error?.code.startsWith('verify') ? job.error.message.toLowerCase() : null;
  const result = (check: Check): { mark: string; cls: string; text: string } => {
    if (verified) return { mark: '✓', cls: 'ok-text', text: 'passed' };
    if (failure?.includes(check.name.split(' ')[0]!)) return { mark: '✗', cls: 'bad-text', text: 'failed' };
    if (failure) return { mark: '·', cls: 'muted', text: 'not the failing check' };
    return { mark: '·', cls: 'muted', text: 'not verified yet' };
  };
  return (
    <>
      {verified && (
        <p class="muted" data-testid="verify-summary">
          Verified. This record has no per-check results (kept since a later version); the checks below follow
          from the profile.
        </p>
      )}
      <table class="data">
        <thead>
          <tr>
            <th scope="col">check</th>
            <th scope="col">expected</th>
            <th scope="col">result</th>
          </tr>
        </thead>
        <tbody>
          {checksOf(job).map((c) => {
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
    </>
  );
}

/** The verification result check by check: as recorded when the server kept them, else what exists. */
export function VerifyChecks(props: { job: JobDetailView }) {
  const { job } = props;
  const failure = job.error?.code.startsWith('verify') ? job.error.message : null;
  return (
    <div class="panel" data-testid="verify-checks">
      <h3>Verification</h3>
      {failure && <p class="bad-text">{failure}</p>}
      {job.verify === false ? (
        <p class="muted" data-testid="verify-summary">
          Verification is off for this job: its output was not checked.
        </p>
      ) : job.verification && job.verification.length > 0 ? (
        <RecordedChecks checks={job.verification} />
      ) : (
        <ExpectedChecks job={job} />
      )}
    </div>
  );
}
