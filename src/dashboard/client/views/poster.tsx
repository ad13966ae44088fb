import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useDashboard } from '../dashboard.ts';

/**
 * A job's poster frame. Without a token the browser loads it directly (and caches it); with one it is fetched with
 * the bearer header and shown through a blob URL. Any error shows a neutral placeholder, and is remembered.
 */
export function Poster(props: { id: string; status: string }) {
  const { api, posterFailed } = useDashboard();
  const failedKey = `${props.id}:${props.status}`;
  const url = useSignal<string | null>(null);
  const failed = useSignal(posterFailed.has(failedKey));
  const path = `/jobs/${encodeURIComponent(props.id)}/poster`;
  const withToken = api.token.value !== null;

  useEffect(() => {
    if (!withToken || failed.value) return;
    const abort = new AbortController();
    let objectUrl: string | null = null;
    api.blob(path, abort.signal).then(
      (blob) => {
        objectUrl = URL.createObjectURL(blob);
        url.value = objectUrl;
      },
      () => {
        if (abort.signal.aborted) return;
        posterFailed.add(failedKey);
        failed.value = true;
      },
    );
    return () => {
      abort.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [path, withToken, failedKey]);

  if (failed.value || (withToken && url.value === null)) {
    return <span class="poster poster-none" data-testid="poster-placeholder" aria-hidden="true" />;
  }
  return (
    <img
      class="poster"
      data-testid="poster"
      alt=""
      loading="lazy"
      decoding="async"
      src={withToken ? url.value! : `/api/v1${path}`}
      onError={() => {
        posterFailed.add(failedKey);
        failed.value = true;
      }}
    />
  );
}
