import { useSignal } from '@preact/signals';
import { Fragment } from 'preact';
import { useEffect } from 'preact/hooks';
import { useDashboard } from '../dashboard.ts';

type ProfileData = Record<string, unknown> & { name: string; description?: string; builtin?: boolean };

/** Flattens nested settings to `video.codec: prores_ks` lines. */
function settings(value: unknown, prefix = ''): Array<[string, string]> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [[prefix, value === null ? 'none' : Array.isArray(value) ? value.join(', ') : String(value)]];
  }
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    settings(v, prefix ? `${prefix}.${k}` : k),
  );
}

/** Every profile with every setting (built-in and the config's own). */
export function ProfilesPanel() {
  const { api } = useDashboard();
  const profiles = useSignal<ProfileData[]>([]);
  useEffect(() => {
    api.call<{ profiles: ProfileData[] }>('GET', '/profiles').then(
      (r) => (profiles.value = r.profiles),
      () => {},
    );
  }, []);
  return (
    <div class="panel">
      <h3>Profiles</h3>
      {profiles.value.map((p) => {
        const { name, description, builtin, ...rest } = p;
        return (
          <details key={name} class="profile" data-testid="profile">
            <summary>
              <strong>{name}</strong> {builtin ? '' : '(custom) '}—{' '}
              <span class="muted">{description ?? ''}</span>
            </summary>
            <dl class="fields">
              {settings(rest).map(([k, v]) => (
                <Fragment key={k}>
                  <dt>{k}</dt>
                  <dd>{v}</dd>
                </Fragment>
              ))}
            </dl>
          </details>
        );
      })}
    </div>
  );
}
