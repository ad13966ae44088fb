import type { JobView } from '../../../src/service/types.ts';

/**
 * The REST API as the tests drive it beside the page (setting up a queue, reading the truth to compare the page
 * with). Mutations carry JSON and a same-origin Origin, as the page's own requests do.
 */
export interface ApiClient {
  /** Parsed JSON; throws with the status and body on a non-2xx answer. */
  get<T = unknown>(path: string): Promise<T>;
  post<T = unknown>(path: string, body?: unknown): Promise<T>;
  put<T = unknown>(path: string, body?: unknown): Promise<T>;
  /** The raw answer, for tests about refusals. */
  request(method: string, path: string, body?: unknown): Promise<Response>;
  submit(source: string, profile?: string, priority?: number): Promise<JobView>;
  job(id: string): Promise<JobView>;
}

export function createApiClient(base: () => string, token?: string): ApiClient {
  const request = (method: string, path: string, body?: unknown): Promise<Response> => {
    const headers: Record<string, string> = { origin: base() };
    if (token) headers.authorization = `Bearer ${token}`;
    if (method !== 'GET') headers['content-type'] = 'application/json';
    return fetch(`${base()}/api/v1${path}`, {
      method,
      headers,
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    });
  };
  const json = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await request(method, path, body);
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    get: (path) => json('GET', path),
    post: (path, body) => json('POST', path, body),
    put: (path, body) => json('PUT', path, body),
    request,
    submit: (source, profile = 'live-qlab', priority) =>
      json('POST', '/jobs', { source, profile, ...(priority === undefined ? {} : { priority }) }),
    job: (id) => json('GET', `/jobs/${encodeURIComponent(id)}`),
  };
}
