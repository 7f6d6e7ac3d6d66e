/**
 * The native application menu, as data: every label in the UI's language, every shortcut in one
 * place. Commands go to the window (the `menuCommand` event); a command needing the open vault is
 * disabled while it is locked. Types only from `electron`, so it is unit-tested without the binary.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/domain/desktop.ts';
import type { DesktopStrings } from './desktop-strings.ts';

export interface MenuOptions {
  readonly platform: NodeJS.Platform;
  readonly strings: DesktopStrings;
  readonly unlocked: boolean;
  /** Developer items (reload, devtools) only when running from source. */
  readonly development: boolean;
  readonly send: (command: MenuCommand) => void;
  readonly showLogs: () => void;
  readonly copyReport: () => void;
}

/** The views the View menu lists, in the sidebar's order, with their shortcuts 1–8. */
const VIEWS: readonly { command: MenuCommand; label: keyof DesktopStrings['menu'] }[] = [
  { command: 'go-coach', label: 'coach' },
  { command: 'go-contacts', label: 'contacts' },
  { command: 'go-timeline', label: 'timeline' },
  { command: 'go-events', label: 'events' },
  { command: 'go-goals', label: 'goals' },
  { command: 'go-reciprocity', label: 'reciprocity' },
  { command: 'go-devices', label: 'devices' },
  { command: 'go-backup', label: 'backup' },
];

export function applicationMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { strings, unlocked, send } = options;
  const m = strings.menu;
  const mac = options.platform === 'darwin';
  const command = (label: string, name: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({ label, enabled: unlocked, click: () => send(name), ...(accelerator && { accelerator }) });
  const separator: MenuItemConstructorOptions = { type: 'separator' };

  const appMenu: MenuItemConstructorOptions = {
    label: 'Enishi',
    submenu: [
      { label: m.about, role: 'about' },
      separator,
      command(m.settings, 'go-settings', 'Cmd+,'),
      separator,
      { label: m.services, role: 'services' },
      separator,
      { label: m.hide, role: 'hide' },
      { label: m.hideOthers, role: 'hideOthers' },
      { label: m.showAll, role: 'unhide' },
      separator,
      { label: m.quit, role: 'quit' },
    ],
  };
  const file: MenuItemConstructorOptions = {
    label: m.file,
    submenu: [
      command(m.newContact, 'new-contact', 'CmdOrCtrl+N'),
      separator,
      command(m.backup, 'go-backup', 'CmdOrCtrl+Shift+B'),
      command(m.importExport, 'go-backup'),
      separator,
      command(m.lock, 'lock', 'CmdOrCtrl+L'),
      ...(mac ? [] : [separator, command(m.settings, 'go-settings', 'Ctrl+,'), separator, { label: m.quit, role: 'quit', accelerator: 'Ctrl+Q' } satisfies MenuItemConstructorOptions]),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: m.edit,
    submenu: [
      { label: m.undo, role: 'undo' },
      { label: m.redo, role: 'redo' },
      separator,
      { label: m.cut, role: 'cut' },
      { label: m.copy, role: 'copy' },
      { label: m.paste, role: 'paste' },
      { label: m.selectAll, role: 'selectAll' },
      separator,
      command(m.find, 'find', 'CmdOrCtrl+F'),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: m.view,
    submenu: [
      ...VIEWS.map((entry, i) => command(m[entry.label], entry.command, `CmdOrCtrl+${i + 1}`)),
      separator,
      { label: m.zoomIn, role: 'zoomIn' },
      { label: m.zoomOut, role: 'zoomOut' },
      { label: m.resetZoom, role: 'resetZoom' },
      separator,
      { label: m.fullScreen, role: 'togglefullscreen' },
      ...(options.development ? [separator, { label: m.reload, role: 'reload' }, { label: m.devTools, role: 'toggleDevTools' }] satisfies MenuItemConstructorOptions[] : []),
    ],
  };
  const windowMenu: MenuItemConstructorOptions = {
    label: m.window,
    submenu: [{ label: m.minimize, role: 'minimize' }, { label: m.close, role: 'close' }, ...(mac ? [separator, { role: 'front' } satisfies MenuItemConstructorOptions] : [])],
  };
  const help: MenuItemConstructorOptions = {
    label: m.help,
    role: 'help',
    submenu: [
      { label: m.showLogs, click: () => options.showLogs() },
      { label: m.copyReport, click: () => options.copyReport() },
    ],
  };
  return [...(mac ? [appMenu] : []), file, edit, view, windowMenu, help];
}
