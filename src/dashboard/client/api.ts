import { signal } from '@preact/signals';

const TOKEN_KEY = 'bvp.token';

/** A refusal from the API, with the server's code and message (shown to the operator as text). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export interface ApiClient {
  /** The token entered this browser session, or null (no token mode, or not asked yet). */
  readonly token: { value: string | null };
  /** Set when the server answered 401: the page asks for the token. */
  readonly needsToken: { value: boolean };
  setToken(token: string): void;
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** GET as a blob with the token (posters in token mode). */
  blob(path: string, signal?: AbortSignal): Promise<Blob>;
}

function safeSession(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * The page's one way to the REST API: JSON in and out, `Authorization: Bearer` once a token was entered (kept in
 * sessionStorage, so it lasts as long as the tab), and every mutating call sends a JSON body (`{}` at least) with
 * its content type, which the server's cross-site checks require.
 */
export function createApiClient(base = '/api/v1'): ApiClient {
  const storage = safeSession();
  const token = signal<string | null>(storage?.getItem(TOKEN_KEY) ?? null);
  const needsToken = signal(false);

  function headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json', ...extra };
    if (token.value) h.authorization = `Bearer ${token.value}`;
    return h;
  }

  async function failure(response: Response): Promise<ApiError> {
    if (response.status === 401) needsToken.value = true;
    let code = `http.${response.status}`;
    let message = `${response.status} ${response.statusText}`;
    let details: unknown = null;
    try {
      const body = (await response.json()) as {
        error?: { code?: string; message?: string; details?: unknown };
      };
      code = body.error?.code ?? code;
      message = body.error?.message ?? message;
      details = body.error?.details ?? null;
    } catch {
      // Not JSON: the status line says enough.
    }
    return new ApiError(response.status, code, message, details);
  }

  return {
    token,
    needsToken,
    setToken(value) {
      token.value = value;
      storage?.setItem(TOKEN_KEY, value);
      needsToken.value = false;
    },
    async call<T>(method: string, path: string, body?: unknown): Promise<T> {
      const init: RequestInit = { method, headers: headers(), credentials: 'same-origin' };
      if (method !== 'GET' && method !== 'HEAD') {
        init.headers = headers({ 'content-type': 'application/json' });
        init.body = JSON.stringify(body ?? {});
      }
      const response = await fetch(`${base}${path}`, init);
      if (!response.ok) throw await failure(response);
      return (await response.json()) as T;
    },
    async blob(path, abort) {
      const response = await fetch(`${base}${path}`, {
        headers: headers({ accept: 'image/*' }),
        signal: abort,
      });
      if (!response.ok) throw await failure(response);
      return response.blob();
    },
  };
}
