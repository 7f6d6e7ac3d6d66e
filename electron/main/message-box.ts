/** A native message box, attached to the window when there is one (a sheet on macOS), on its own otherwise. */
import { dialog, type BrowserWindow, type MessageBoxOptions, type MessageBoxReturnValue } from 'electron';

export function messageBox(parent: BrowserWindow | undefined, options: MessageBoxOptions): Promise<MessageBoxReturnValue> {
  return parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options);
}
