/** The gateway's state as the shell tracks it, and how the window is told about it. */
import type { GatewayInfo } from '../../preload/bridge';

export type GatewayStatus =
  | { state: 'starting' }
  | { state: 'running'; url: string; port: number; adminToken: string }
  | { state: 'paused'; url: string; port: number; adminToken: string }
  /** `retrying`: a restart is scheduled; false when the shell waits for the user. */
  | { state: 'failed'; message: string; retrying: boolean }
  | { state: 'stopped' };

export const PAUSED_INFO_MESSAGE = 'The gateway is paused: model calls get 503 "paused" until you resume it from the Switchboard tray menu.';

export function toGatewayInfo(status: GatewayStatus): GatewayInfo {
  switch (status.state) {
    case 'starting':
      return { state: 'starting', message: 'The gateway is starting…' };
    case 'running':
      return { state: 'running', url: status.url, adminToken: status.adminToken };
    case 'paused':
      return { state: 'paused', url: status.url, adminToken: status.adminToken, message: PAUSED_INFO_MESSAGE };
    case 'failed':
      return { state: 'failed', message: status.message };
    case 'stopped':
      return { state: 'failed', message: 'The gateway has stopped.' };
  }
}

/** The gateway's URL while it holds its port (running or paused). */
export function gatewayUrlOf(status: GatewayStatus): string | undefined {
  return status.state === 'running' || status.state === 'paused' ? status.url : undefined;
}
