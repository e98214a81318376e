/**
 * The Content-Security-Policy sent with every app:// response. The renderer may talk to exactly
 * one other origin: the gateway on loopback. renderer/index.html carries a looser meta policy
 * (any loopback port) as defence in depth; browsers enforce both, so this header is what counts.
 */

/**
 * IPv6 literals ([::1]) are absent on purpose: CSP host-source grammar cannot express them, so
 * Chromium would drop the source and block the gateway anyway. The gateway must be reached at
 * 127.0.0.1 or localhost.
 */
const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost']);

/**
 * `scheme://host:port` of a gateway URL when it is HTTP(S) on an IPv4 loopback address or
 * localhost, else undefined: a policy must never widen to another host because of a config value.
 */
export function loopbackOrigin(gatewayUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(gatewayUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const host = url.hostname;
  const loopback = LOOPBACK_HOSTNAMES.has(host) || /^127(?:\.\d{1,3}){3}$/.test(host);
  return loopback ? url.origin : undefined;
}

/** The policy for app:// documents; `gatewayUrl` undefined (gateway not running) allows no connections. */
export function buildAppContentSecurityPolicy(gatewayUrl: string | undefined): string {
  const gateway = gatewayUrl === undefined ? undefined : loopbackOrigin(gatewayUrl);
  const directives: Record<string, string> = {
    'default-src': "'self'",
    'script-src': "'self'",
    // React sets style attributes through the CSSOM (not blocked), but chart and graph libraries
    // inject <style> elements; inline styles cannot run code, so this is the accepted trade-off.
    'style-src': "'self' 'unsafe-inline'",
    'img-src': "'self' data:",
    'font-src': "'self'",
    'connect-src': gateway ?? "'none'",
    'object-src': "'none'",
    'base-uri': "'none'",
    'form-action': "'none'",
    'frame-src': "'none'",
    'frame-ancestors': "'none'",
    'worker-src': "'none'",
  };
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}
