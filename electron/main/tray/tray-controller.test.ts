import type { Menu, MenuItemConstructorOptions, NativeImage } from 'electron';
import { describe, expect, it } from 'vitest';
import { createTrayController, toMenuTemplate, trayIconFile, trayIconFiles } from './tray-controller';
import type { TrayActionId, TrayMenuModel } from './tray-menu-model';

const base: TrayMenuModel = {
  icon: 'running',
  tooltip: 'Switchboard: running',
  items: [
    { type: 'label', label: 'Gateway running on 127.0.0.1:4000' },
    { type: 'separator' },
    { type: 'action', id: 'pause', label: 'Pause Gateway', enabled: true },
    { type: 'checkbox', id: 'toggle-start-at-login', label: 'Start at Login', checked: true, enabled: true },
  ],
};

describe('tray icons', () => {
  it('uses template images on macOS and colour images elsewhere', () => {
    expect(trayIconFile('paused', 'darwin')).toBe('trayPausedTemplate.png');
    expect(trayIconFile('failed', 'win32')).toBe('tray-failed.png');
    expect(trayIconFiles('linux')).toEqual(['tray-running.png', 'tray-paused.png', 'tray-failed.png']);
  });
});

describe('menu template', () => {
  it('turns the model into Electron menu items whose clicks name their action', () => {
    const clicked: TrayActionId[] = [];
    const template = toMenuTemplate(base.items, (id) => clicked.push(id));
    expect(template.map(({ click: _click, ...rest }) => rest)).toEqual([
      { label: 'Gateway running on 127.0.0.1:4000', enabled: false },
      { type: 'separator' },
      { label: 'Pause Gateway', enabled: true },
      { type: 'checkbox', label: 'Start at Login', checked: true, enabled: true },
    ]);
    for (const entry of template) (entry.click as (() => void) | undefined)?.();
    expect(clicked).toEqual(['pause', 'toggle-start-at-login']);
  });
});

function fakeTray(platform: NodeJS.Platform = 'linux') {
  const calls: string[] = [];
  const menus: MenuItemConstructorOptions[][] = [];
  const clicks: Array<() => void> = [];
  const actions: TrayActionId[] = [];
  const image = (path: string) => ({ path }) as unknown as NativeImage;
  const controller = createTrayController(
    {
      createTray: (img) => {
        calls.push(`create ${(img as unknown as { path: string }).path}`);
        return {
          setImage: (i: NativeImage | string) => void calls.push(`image ${(i as unknown as { path: string }).path}`),
          setToolTip: (t: string) => void calls.push(`tooltip ${t}`),
          setContextMenu: () => void calls.push('menu'),
          on: ((event: string, listener: () => void) => {
            if (event === 'click') clicks.push(listener);
          }) as never,
          destroy: () => void calls.push('destroy'),
        };
      },
      buildMenu: (template) => (menus.push(template), {} as Menu),
      loadImage: image,
      iconDir: '/res/tray',
      platform,
      onAction: (id) => actions.push(id),
    },
    base,
  );
  return { controller, calls, menus, clicks, actions };
}

describe('tray controller', () => {
  it('creates the tray with the state’s icon, tooltip and menu', () => {
    const { calls, menus } = fakeTray();
    expect(calls[0]).toBe('create /res/tray/tray-running.png');
    expect(calls).toContain('tooltip Switchboard: running');
    expect(menus).toHaveLength(1);
  });

  it('rebuilds only what changed', () => {
    const { controller, calls, menus } = fakeTray();
    calls.length = 0;
    controller.update(base);
    expect(calls).toEqual([]);
    controller.update({ ...base, icon: 'paused', tooltip: 'Switchboard: paused' });
    expect(calls).toEqual(['image /res/tray/tray-paused.png', 'tooltip Switchboard: paused']);
    controller.update({ ...base, icon: 'paused', tooltip: 'Switchboard: paused', items: [{ type: 'label', label: 'Requests today: 1' }] });
    expect(menus).toHaveLength(2);
  });

  it('opens the window on a left click on Windows only', () => {
    expect(fakeTray('linux').clicks).toHaveLength(0);
    const windows = fakeTray('win32');
    windows.clicks[0]?.();
    expect(windows.actions).toEqual(['open']);
  });
});
