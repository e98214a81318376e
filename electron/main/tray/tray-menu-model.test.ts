import { describe, expect, it } from 'vitest';
import type { GatewayStatus } from '../gateway/gateway-status';
import { buildTrayMenuModel, type TrayMenuItem, type TrayState } from './tray-menu-model';

const running: GatewayStatus = { state: 'running', url: 'http://127.0.0.1:4001', port: 4001, adminToken: 'sbadm-t' };

function model(overrides: Partial<TrayState> = {}) {
  return buildTrayMenuModel({
    gateway: running,
    stats: { day: '2025-11-24', requests: 1234, costUsd: 5.678 },
    today: '2025-11-24',
    startAtLogin: { supported: true, enabled: false },
    ...overrides,
  });
}

const labels = (items: TrayMenuItem[]) => items.filter((i) => i.type === 'label').map((i) => (i.type === 'label' ? i.label : ''));
const item = (items: TrayMenuItem[], id: string) => items.find((i) => (i.type === 'action' || i.type === 'checkbox') && i.id === id);

describe('tray menu while the gateway runs', () => {
  it('shows where it listens and today’s requests and spend', () => {
    const { items, tooltip, icon } = model();
    expect(labels(items)).toEqual(['Gateway running on 127.0.0.1:4001', 'Requests today: 1,234', 'Spend today: $5.68']);
    expect(tooltip).toBe('Switchboard: running on http://127.0.0.1:4001 · 1,234 requests, $5.68 today');
    expect(icon).toBe('running');
  });

  it('offers open, pause, copy URL, start at login and quit, in that order', () => {
    const actions = model().items.filter((i) => i.type !== 'label' && i.type !== 'separator');
    expect(actions).toEqual([
      { type: 'action', id: 'open', label: 'Open Switchboard', enabled: true },
      { type: 'action', id: 'pause', label: 'Pause Gateway', enabled: true },
      { type: 'action', id: 'copy-url', label: 'Copy Base URL', enabled: true },
      { type: 'checkbox', id: 'toggle-start-at-login', label: 'Start at Login', checked: false, enabled: true },
      { type: 'action', id: 'quit', label: 'Quit Switchboard', enabled: true },
    ]);
  });

  it('shows small spends honestly and yesterday’s numbers as zero', () => {
    expect(labels(model({ stats: { day: '2025-11-24', requests: 1, costUsd: 0.0004 } }).items)).toContain('Spend today: <$0.01');
    expect(labels(model({ today: '2025-11-25' }).items)).toEqual(['Gateway running on 127.0.0.1:4001', 'Requests today: 0', 'Spend today: $0.00']);
  });

  it('shows dashes until the first numbers arrive', () => {
    expect(labels(model({ stats: undefined }).items).slice(1)).toEqual(['Requests today: —', 'Spend today: —']);
    expect(model({ stats: undefined }).tooltip).toBe('Switchboard: running on http://127.0.0.1:4001');
  });

  it('ticks start at login when it is on, and greys it out where unsupported', () => {
    expect(item(model({ startAtLogin: { supported: true, enabled: true } }).items, 'toggle-start-at-login')).toMatchObject({ checked: true, enabled: true });
    expect(item(model({ startAtLogin: { supported: false, enabled: false } }).items, 'toggle-start-at-login')).toMatchObject({ enabled: false });
  });
});

describe('tray menu in other states', () => {
  it('offers resume while paused, and still copies the URL', () => {
    const { items, icon, tooltip } = model({ gateway: { ...running, state: 'paused' } });
    expect(labels(items)[0]).toBe('Gateway paused (127.0.0.1:4001)');
    expect(item(items, 'resume')).toEqual({ type: 'action', id: 'resume', label: 'Resume Gateway', enabled: true });
    expect(item(items, 'pause')).toBeUndefined();
    expect(item(items, 'copy-url')).toMatchObject({ enabled: true });
    expect(icon).toBe('paused');
    expect(tooltip).toContain('paused');
  });

  it('offers a restart when the shell has stopped retrying, with the reason in short', () => {
    const message = 'The gateway stopped unexpectedly 5 times within 60 s, so Switchboard stopped restarting it. Choose "Restart gateway" in the tray menu to try again.';
    const { items, icon } = model({ gateway: { state: 'failed', message, retrying: false } });
    expect(labels(items)[0]).toBe(`Gateway not running: ${message.slice(0, 79)}…`);
    expect(item(items, 'restart')).toEqual({ type: 'action', id: 'restart', label: 'Restart Gateway', enabled: true });
    expect(item(items, 'copy-url')).toMatchObject({ enabled: false });
    expect(icon).toBe('failed');
  });

  it('greys out pause while starting or while a restart is on its way', () => {
    expect(item(model({ gateway: { state: 'starting' } }).items, 'pause')).toMatchObject({ enabled: false });
    const restarting = model({ gateway: { state: 'failed', message: 'restarting in 1 s', retrying: true } });
    expect(item(restarting.items, 'pause')).toMatchObject({ enabled: false });
    expect(item(restarting.items, 'restart')).toBeUndefined();
    expect(labels(model({ gateway: { state: 'starting' } }).items)[0]).toBe('Gateway starting…');
  });
});
