import { isLoopbackHost } from './bind-safety.ts';

/** The host name of a Host header or URL host, lower-case, without port or IPv6 brackets. */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') === -1 ? undefined : h.indexOf(']'));
  const colon = h.lastIndexOf(':');
  // More than one colon without brackets is a bare IPv6 address, which has no port.
  return colon !== -1 && h.indexOf(':') === colon ? h.slice(0, colon) : h.replace(/\.$/, '');
}

function isIpLiteral(name: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(name) || name.includes(':');
}

/**
 * Whether a request's Host header names this server. A DNS-rebinding page reaches us under its own name
 * (`attacker.example` resolving to 127.0.0.1), so only names we know are served: loopback names, IP literals (a page
 * can only carry an IP as Host when its own origin is that IP, i.e. this server), the bound address and the
 * operator's `api.allowed_hosts` (e.g. `show-mac.local`). A missing Host (HTTP/1.0) is allowed: browsers always send
 * one.
 */
export function hostAllowed(
  header: string | undefined,
  boundHost: string,
  allowedHosts: readonly string[],
): boolean {
  if (header === undefined || header.trim() === '') return true;
  const name = hostName(header);
  if (isLoopbackHost(name) || isIpLiteral(name)) return true;
  if (name === hostName(boundHost)) return true;
  return allowedHosts.some((allowed) => hostName(allowed) === name);
}
