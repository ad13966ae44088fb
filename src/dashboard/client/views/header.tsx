import { useSignal } from '@preact/signals';
import type { ConnectionPhase } from '../../../../machines/connection.ts';
import { useDashboard } from '../dashboard.ts';
import { baseName } from '../format.ts';
import { applyTheme, currentTheme } from '../theme.ts';
import { STATUSES } from '../types.ts';

const CONNECTION_TEXT: Record<ConnectionPhase, string> = {
  connecting: 'connecting',
  live: 'live',
  resyncing: 'resyncing',
  backingOff: 'reconnecting',
  refused: 'token needed',
};

/** Service state with its one Pause/Resume button, the live link, watch folders, the batch and the counts. */
export function Header() {
  const { api, live, act, reconnectNow } = useDashboard();
  const theme = useSignal(currentTheme());
  const paused = live.queueState.value === 'paused';
  const phase = live.connection.value;
  const counts = live.counts.value;
  const b = live.batch.value;
  const watch = live.status.value?.watch ?? [];
  return (
    <header class="header">
      <div class="brand">
        <span class="logo" aria-hidden="true">
          ▶
        </span>
        <h1>Bulletproof</h1>
      </div>
      <div class="service">
        <span class={`pill ${paused ? 'pill-paused' : 'pill-running'}`} data-testid="service-state">
          {paused ? 'paused' : 'running'}
        </span>
        <button
          type="button"
          data-testid="btn-queue-toggle"
          onClick={() =>
            act(paused ? 'Queue resumed' : 'Queue paused', () =>
              api.call('POST', paused ? '/queue/resume' : '/queue/pause', {}),
            )
          }
        >
          {paused ? 'Resume queue' : 'Pause queue'}
        </button>
        <span class={`conn conn-${phase}`} data-testid="connection-state" data-state={phase} role="status">
          <span class="dot" aria-hidden="true" />
          {CONNECTION_TEXT[phase]}
        </span>
        {phase === 'backingOff' && (
          <button type="button" class="ghost" data-testid="btn-reconnect" onClick={reconnectNow}>
            Reconnect now
          </button>
        )}
      </div>
      <div class="batch" data-testid="batch-progress">
        {b.total > 0 ? `${Math.min(b.done, b.total)} of ${b.total} done` : 'idle'}
      </div>
      <ul class="counts" aria-label="Jobs per status">
        {STATUSES.map((s) => (
          <li key={s} class={`count status-${s}`} data-testid={`count-${s}`}>
            <span class="count-n">{counts[s]}</span> {s}
          </li>
        ))}
      </ul>
      <ul class="watch" aria-label="Watch folders">
        {watch.map((w) => (
          <li key={w.path} data-testid="watch-folder" title={w.path}>
            <span class={w.watching ? 'ok' : 'bad'}>{w.watching ? '●' : '○'}</span> {baseName(w.path)}
            {w.settling > 0 && <span class="settling"> · {w.settling} settling</span>}
          </li>
        ))}
      </ul>
      <button
        type="button"
        class="ghost"
        data-testid="btn-theme"
        aria-label={`Switch to ${theme.value === 'dark' ? 'light' : 'dark'} theme`}
        onClick={() => {
          theme.value = applyTheme(theme.value === 'dark' ? 'light' : 'dark');
        }}
      >
        {theme.value === 'dark' ? '☀' : '☾'}
      </button>
    </header>
  );
}
