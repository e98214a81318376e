/**
 * Reads a `GatewayInfo` sent by main. Main is trusted, but a malformed message must degrade to
 * a visible failure rather than a crash in the page. Hand-written narrowing keeps zod out of the
 * sandboxed preload bundle.
 */
import type { GatewayInfo } from './bridge';

export function parseGatewayInfo(value: unknown): GatewayInfo | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const text = (key: string): string | undefined => (typeof v[key] === 'string' ? (v[key] as string) : undefined);
  const url = text('url');
  const adminToken = text('adminToken');
  const message = text('message');
  switch (v.state) {
    case 'running':
      return url !== undefined && adminToken !== undefined ? { state: 'running', url, adminToken } : undefined;
    case 'paused':
      return url !== undefined && adminToken !== undefined && message !== undefined ? { state: 'paused', url, adminToken, message } : undefined;
    case 'starting':
    case 'failed':
      return message !== undefined ? { state: v.state, message } : undefined;
    default:
      return undefined;
  }
}
