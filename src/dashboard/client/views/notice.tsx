import { useDashboard } from '../dashboard.ts';

/** The outcome of the last action, announced politely to screen readers. */
export function NoticeBar() {
  const { notice } = useDashboard();
  const current = notice.value;
  return (
    <div class="notice-bar" role="status" aria-live="polite" data-testid="notice">
      {current && (
        <p class={`notice notice-${current.kind}`}>
          {current.text}
          <button type="button" class="ghost" aria-label="Dismiss" onClick={() => (notice.value = null)}>
            ×
          </button>
        </p>
      )}
    </div>
  );
}
