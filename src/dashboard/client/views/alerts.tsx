import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useDashboard } from '../dashboard.ts';
import { jobHref } from '../router.ts';

const ASKED_KEY = 'bvp.notifications.asked';

function notificationsSupported(): boolean {
  return typeof Notification !== 'undefined';
}

/** Failed jobs stay on a banner until acknowledged; a desktop notification too, if the operator allowed it once. */
export function AlertBanner() {
  const { live } = useDashboard();
  const asked = useSignal(
    !notificationsSupported() ||
      Notification.permission !== 'default' ||
      localStorage.getItem(ASKED_KEY) === '1',
  );
  useEffect(() => {
    live.onFailure = (alert) => {
      if (notificationsSupported() && Notification.permission === 'granted') {
        new Notification('Bulletproof: a job failed', {
          body: `${alert.name}: ${alert.message}`,
          tag: alert.id,
        });
      }
    };
    return () => {
      live.onFailure = null;
    };
  }, [live]);
  const alerts = live.alerts.value;
  return (
    <div class="alerts">
      {alerts.length > 0 && (
        <section class="alert-banner" role="alert" aria-label="Failed jobs" data-testid="alert-banner">
          <ul>
            {alerts.map((a) => (
              <li key={a.id} data-testid="alert-item">
                <strong>Failed:</strong> <a href={jobHref(a.id)}>{a.name}</a> — <span>{a.message}</span>
                <button type="button" data-testid="btn-ack-alert" onClick={() => live.acknowledge(a.id)}>
                  Acknowledge
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {!asked.value && (
        <p class="ask-notify">
          <button
            type="button"
            class="ghost"
            data-testid="btn-notifications"
            onClick={() => {
              localStorage.setItem(ASKED_KEY, '1');
              asked.value = true;
              void Notification.requestPermission();
            }}
          >
            Notify me on this computer when a job fails
          </button>
          <button
            type="button"
            class="ghost"
            aria-label="Do not ask about notifications again"
            onClick={() => {
              localStorage.setItem(ASKED_KEY, '1');
              asked.value = true;
            }}
          >
            ×
          </button>
        </p>
      )}
    </div>
  );
}
