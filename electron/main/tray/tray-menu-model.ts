/**
 * What the tray (menu-bar) icon shows, as plain data: built from the shell's state by a pure
 * function, tested as data, and turned into an Electron Menu by a thin adapter.
 */
import type { DailyStats } from '../../gateway-process/protocol';
import { formatCount, formatUsd } from '../format';
import type { GatewayStatus } from '../gateway/gateway-status';

export type TrayActionId = 'open' | 'pause' | 'resume' | 'restart' | 'copy-url' | 'toggle-start-at-login' | 'quit';

export type TrayMenuItem =
  | { type: 'label'; label: string }
  | { type: 'action'; id: TrayActionId; label: string; enabled: boolean }
  | { type: 'checkbox'; id: TrayActionId; label: string; checked: boolean; enabled: boolean }
  | { type: 'separator' };

/** Which icon variant the tray shows. */
export type TrayIconKind = 'running' | 'paused' | 'failed';

export interface TrayMenuModel {
  icon: TrayIconKind;
  tooltip: string;
  items: TrayMenuItem[];
}

export interface TrayState {
  gateway: GatewayStatus;
  stats: DailyStats | undefined;
  /** Today's UTC date (YYYY-MM-DD): stats from an earlier day count as zero. */
  today: string;
  startAtLogin: { supported: boolean; enabled: boolean };
}

/** Longest failure message shown in the menu; the window shows it in full. */
const MAX_MESSAGE = 80;

export function buildTrayMenuModel(state: TrayState): TrayMenuModel {
  const { gateway } = state;
  const today = state.stats === undefined ? undefined : state.stats.day === state.today ? state.stats : { requests: 0, costUsd: 0 };
  const requests = today ? formatCount(today.requests) : '—';
  const spend = today ? formatUsd(today.costUsd) : '—';
  const url = gateway.state === 'running' || gateway.state === 'paused' ? gateway.url : undefined;

  const items: TrayMenuItem[] = [
    { type: 'label', label: statusLine(gateway) },
    { type: 'label', label: `Requests today: ${requests}` },
    { type: 'label', label: `Spend today: ${spend}` },
    { type: 'separator' },
    { type: 'action', id: 'open', label: 'Open Switchboard', enabled: true },
    gatewayAction(gateway),
    { type: 'action', id: 'copy-url', label: 'Copy Base URL', enabled: url !== undefined },
    { type: 'separator' },
    {
      type: 'checkbox',
      id: 'toggle-start-at-login',
      label: 'Start at Login',
      checked: state.startAtLogin.enabled,
      enabled: state.startAtLogin.supported,
    },
    { type: 'separator' },
    { type: 'action', id: 'quit', label: 'Quit Switchboard', enabled: true },
  ];

  const summary = today ? ` · ${requests} requests, ${spend} today` : '';
  return { icon: iconKind(gateway), tooltip: `Switchboard: ${tooltipStatus(gateway)}${summary}`, items };
}

function statusLine(gateway: GatewayStatus): string {
  switch (gateway.state) {
    case 'starting':
      return 'Gateway starting…';
    case 'running':
      return `Gateway running on ${hostAndPort(gateway.url)}`;
    case 'paused':
      return `Gateway paused (${hostAndPort(gateway.url)})`;
    case 'failed':
      return `Gateway not running: ${shorten(gateway.message)}`;
    case 'stopped':
      return 'Gateway stopped';
  }
}

function tooltipStatus(gateway: GatewayStatus): string {
  switch (gateway.state) {
    case 'running':
      return `running on ${gateway.url}`;
    case 'paused':
      return 'paused';
    case 'starting':
      return 'starting';
    case 'failed':
    case 'stopped':
      return 'not running';
  }
}

/** One item that does the sensible thing for the state: pause, resume, or restart after a failure. */
function gatewayAction(gateway: GatewayStatus): TrayMenuItem {
  if (gateway.state === 'paused') return { type: 'action', id: 'resume', label: 'Resume Gateway', enabled: true };
  if (gateway.state === 'failed' && !gateway.retrying) return { type: 'action', id: 'restart', label: 'Restart Gateway', enabled: true };
  return { type: 'action', id: 'pause', label: 'Pause Gateway', enabled: gateway.state === 'running' };
}

function iconKind(gateway: GatewayStatus): TrayIconKind {
  if (gateway.state === 'running') return 'running';
  if (gateway.state === 'failed' || gateway.state === 'stopped') return 'failed';
  return 'paused';
}

function hostAndPort(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}
