import { useComputed, useSignalEffect } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import { useDashboard } from './dashboard.ts';
import { createRouter, type ViewName } from './router.ts';
import { applyTheme } from './theme.ts';
import { AlertBanner } from './views/alerts.tsx';
import { ConfigView } from './views/config.tsx';
import { Header } from './views/header.tsx';
import { HistoryView } from './views/history.tsx';
import { InspectorView } from './views/inspector.tsx';
import { JobDetail } from './views/job-detail.tsx';
import { NoticeBar } from './views/notice.tsx';
import { QueueView } from './views/queue.tsx';
import { RunningView } from './views/running.tsx';
import { StatsView } from './views/stats.tsx';
import { TokenDialog } from './views/token-dialog.tsx';

const NAV: Array<{ view: ViewName; label: string }> = [
  { view: 'queue', label: 'Queue' },
  { view: 'running', label: 'Running' },
  { view: 'history', label: 'History' },
  { view: 'stats', label: 'Stats' },
  { view: 'config', label: 'Config' },
  { view: 'inspector', label: 'Inspector' },
];

/** "2 running · 5 queued" in the tab title, so a background tab still tells the state. */
function useTitle(): void {
  const { live } = useDashboard();
  useSignalEffect(() => {
    const c = live.counts.value;
    const parts = [`${c.running} running`, `${c.pending} queued`];
    if (c.paused > 0) parts.push(`${c.paused} paused`);
    if (live.alerts.value.length > 0) parts.push(`${live.alerts.value.length} failed`);
    document.title = `${parts.join(' · ')} — Bulletproof`;
  });
}

export function App() {
  const router = useMemo(() => createRouter(), []);
  const route = router.route;
  const view = useComputed(() => route.value.view);
  useTitle();
  useMemo(() => applyTheme(), []);
  return (
    <div class="layout">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <Header />
      <nav class="nav" aria-label="Views">
        {NAV.map((item) => (
          <a
            key={item.view}
            href={`#/${item.view}`}
            data-testid={`nav-${item.view}`}
            aria-current={view.value === item.view ? 'page' : undefined}
          >
            {item.label}
          </a>
        ))}
      </nav>
      <AlertBanner />
      <NoticeBar />
      <main
        id="main"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the view scrolls here; a view with nothing focusable must still scroll by keyboard
        tabIndex={0}
      >
        {view.value === 'queue' && <QueueView />}
        {view.value === 'running' && <RunningView />}
        {view.value === 'history' && <HistoryView />}
        {view.value === 'stats' && <StatsView />}
        {view.value === 'config' && <ConfigView />}
        {view.value === 'inspector' && <InspectorView job={route.value.id} />}
        {view.value === 'job' && route.value.id !== null && <JobDetail id={route.value.id} />}
      </main>
      <TokenDialog />
    </div>
  );
}
