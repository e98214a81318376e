/**
 * The thin adapter between the tray model and Electron's Tray and Menu (both injected). It
 * rebuilds the menu only when the model changed: on Linux the menu has to be replaced to change
 * at all, and on macOS replacing an open menu would close it under the user's pointer.
 */
import { join } from 'node:path';
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import type { TrayActionId, TrayIconKind, TrayMenuItem, TrayMenuModel } from './tray-menu-model';

/** File name of a tray icon. macOS gets template images (black + alpha, tinted by the system). */
export function trayIconFile(kind: TrayIconKind, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return `tray${kind[0]?.toUpperCase()}${kind.slice(1)}Template.png`;
  return `tray-${kind}.png`;
}

/** Every icon file the tray can ask for on `platform` (the packaging test checks they exist). */
export function trayIconFiles(platform: NodeJS.Platform): string[] {
  return (['running', 'paused', 'failed'] as const).map((kind) => trayIconFile(kind, platform));
}

export function toMenuTemplate(items: readonly TrayMenuItem[], onAction: (id: TrayActionId) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: item.label, enabled: false };
      case 'action':
        return { label: item.label, enabled: item.enabled, click: () => onAction(item.id) };
      case 'checkbox':
        return { type: 'checkbox', label: item.label, checked: item.checked, enabled: item.enabled, click: () => onAction(item.id) };
    }
  });
}

export interface TrayControllerDeps {
  createTray(image: NativeImage): Pick<Tray, 'setImage' | 'setToolTip' | 'setContextMenu' | 'on' | 'destroy'>;
  buildMenu(template: MenuItemConstructorOptions[]): Menu;
  loadImage(path: string): NativeImage;
  iconDir: string;
  platform: NodeJS.Platform;
  onAction(id: TrayActionId): void;
}

export interface TrayController {
  update(model: TrayMenuModel): void;
  destroy(): void;
}

export function createTrayController(deps: TrayControllerDeps, initial: TrayMenuModel): TrayController {
  const image = (kind: TrayIconKind) => deps.loadImage(join(deps.iconDir, trayIconFile(kind, deps.platform)));
  const tray = deps.createTray(image(initial.icon));
  // Windows users expect a left click to open the app; elsewhere a click opens the menu.
  if (deps.platform === 'win32') tray.on('click', () => deps.onAction('open'));
  let shown: TrayMenuModel | undefined;

  const update = (model: TrayMenuModel) => {
    if (shown?.icon !== model.icon) tray.setImage(image(model.icon));
    if (shown?.tooltip !== model.tooltip) tray.setToolTip(model.tooltip);
    if (!shown || JSON.stringify(shown.items) !== JSON.stringify(model.items)) {
      tray.setContextMenu(deps.buildMenu(toMenuTemplate(model.items, deps.onAction)));
    }
    shown = model;
  };
  update(initial);

  return { update, destroy: () => tray.destroy() };
}
