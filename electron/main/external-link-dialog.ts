/** The one place the app calls shell.openExternal: a checked http(s) address, after the user confirms it. */
import { shell, type BrowserWindow } from 'electron';
import type { DesktopStrings } from './desktop-strings.ts';
import { externalLinkTarget } from '../../shared/security/external-link.ts';
import { linkForConfirmation } from './external-links.ts';
import { messageBox } from './message-box.ts';

let asking = false;

export async function confirmAndOpenExternal(parent: BrowserWindow | undefined, strings: DesktopStrings, url: string): Promise<void> {
  const target = externalLinkTarget(url);
  if (!target || asking) return;
  asking = true;
  try {
    const { host, address } = linkForConfirmation(target);
    const options = { type: 'question' as const, buttons: [strings.link.open, strings.link.cancel], defaultId: 1, cancelId: 1, noLink: true, message: strings.link.title, detail: strings.link.detail(host, address) };
    const { response } = await messageBox(parent, options);
    if (response === 0) await shell.openExternal(target);
  } catch {
    // No browser registered for the address, or the dialog could not be shown: nothing opens.
  } finally {
    asking = false;
  }
}
