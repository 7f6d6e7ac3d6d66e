/** Native open, save and folder dialogs for the paths the backup, import, export and sync views ask for. */
import { dialog, type BrowserWindow } from 'electron';
import type { PathPurpose } from '../../shared/domain/desktop.ts';
import type { DesktopStrings } from './desktop-strings.ts';
import { pathDialog } from './path-dialog-options.ts';

export async function choosePath(parent: BrowserWindow | undefined, strings: DesktopStrings, purpose: PathPurpose, current: string | undefined): Promise<string | null> {
  const chosen = pathDialog(purpose, strings, current);
  if (chosen.kind === 'save') {
    const result = parent ? await dialog.showSaveDialog(parent, chosen.options) : await dialog.showSaveDialog(chosen.options);
    return result.canceled || !result.filePath ? null : result.filePath;
  }
  const result = parent ? await dialog.showOpenDialog(parent, chosen.options) : await dialog.showOpenDialog(chosen.options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}
