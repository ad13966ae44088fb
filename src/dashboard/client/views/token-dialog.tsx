import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { useDashboard } from '../dashboard.ts';

/** Asked once when the API answers 401; the token stays for this browser session only. */
export function TokenDialog() {
  const dashboard = useDashboard();
  const value = useSignal('');
  const ref = useRef<HTMLDialogElement>(null);
  const open = dashboard.api.needsToken.value || dashboard.live.connection.value === 'refused';
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} class="dialog" aria-labelledby="token-title" data-testid="token-dialog">
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          const token = value.value.trim();
          if (!token) return;
          dashboard.api.setToken(token);
          value.value = '';
          dashboard.tokenEntered();
        }}
      >
        <h2 id="token-title">This server needs its API token</h2>
        <p>
          Ask whoever set up the service for <code>api.token</code>. It is kept only until this tab is closed.
        </p>
        <label for="token-input">API token</label>
        <input
          id="token-input"
          type="password"
          autocomplete="off"
          data-testid="token-input"
          value={value.value}
          onInput={(e) => (value.value = (e.target as HTMLInputElement).value)}
        />
        <div class="dialog-actions">
          <button type="submit" data-testid="btn-token-submit">
            Connect
          </button>
        </div>
      </form>
    </dialog>
  );
}
