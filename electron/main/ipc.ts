/**
 * The one file that touches ipcMain. Every method of the contract is bound here, through one
 * wrapper: the sender must be our main frame at our origin, then the dispatcher checks the method
 * and parses the input with its schema.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { eventChannel, methodChannel, methodNames, type EventName, type EventPayload } from '../../shared/api/contract.ts';
import { fail } from '../../shared/api/result.ts';
import type { Dispatch } from '../node/api/dispatch.ts';
import { isTrustedSender } from './window-options.ts';

export interface ApiBindingOptions {
  readonly dispatch: Dispatch;
  /** The window whose main frame may call; undefined while there is none. */
  readonly trustedContents: () => WebContents | undefined;
  readonly allowedOrigin: () => string;
}

export function bindApi(options: ApiBindingOptions): void {
  for (const method of methodNames) {
    ipcMain.handle(methodChannel(method), (event: IpcMainInvokeEvent, input: unknown) => {
      const frame = event.senderFrame;
      const trusted = options.trustedContents();
      const facts = { isOurMainFrame: Boolean(trusted && frame && event.sender === trusted && frame === trusted.mainFrame), frameUrl: frame?.url };
      if (!isTrustedSender(facts, options.allowedOrigin())) return fail('forbidden-sender', `${method} was called from outside the app window`);
      return options.dispatch(method, input);
    });
  }
}

export function sendEvent<E extends EventName>(contents: WebContents | undefined, event: E, payload: EventPayload<E>): void {
  if (contents && !contents.isDestroyed()) contents.send(eventChannel(event), payload);
}
