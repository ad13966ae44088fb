import { BvpError } from '../../errors.ts';

/** Shortest token accepted for a bind beyond loopback; anything shorter is guessable on a show network. */
export const MIN_TOKEN_LENGTH = 16;

/** True for names and addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * Refuses to start an API reachable from other machines without a token: the original bound 0.0.0.0 with no
 * authentication, so anyone on the show network could cancel jobs or rewrite the config.
 * @throws BvpError `config.invalid` naming the host and what to do instead.
 */
export function checkBindSafety(host: string, token: string | null | undefined): void {
  if (isLoopbackHost(host)) return;
  const trimmed = token?.trim() ?? '';
  if (trimmed.length === 0) {
    throw new BvpError(
      'config.invalid',
      `Refusing to listen on ${host}: an address other than loopback needs api.token (set a token of at least ` +
        `${MIN_TOKEN_LENGTH} characters, or bind api.host to 127.0.0.1)`,
      { details: { path: 'api.token', host } },
    );
  }
  if (trimmed.length < MIN_TOKEN_LENGTH) {
    throw new BvpError(
      'config.invalid',
      `Refusing to listen on ${host}: api.token is shorter than ${MIN_TOKEN_LENGTH} characters`,
      { details: { path: 'api.token', host } },
    );
  }
}
