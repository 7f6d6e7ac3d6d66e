/**
 * The one file that touches ipcRenderer. It exposes exactly one function per contract method and
 * one subscriber per event on `window.enishi`; there is no generic invoke.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_GLOBAL, eventChannel, eventNames, methodChannel, methodNames, type EnishiBridge } from '../../shared/api/contract.ts';

const api = Object.fromEntries(
  methodNames.map((method) => [method, (input: unknown) => ipcRenderer.invoke(methodChannel(method), input)]),
) as unknown as EnishiBridge['api'];

const on = Object.fromEntries(
  eventNames.map((event) => [
    event,
    (listener: (payload: unknown) => void) => {
      const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(eventChannel(event), forward);
      return () => void ipcRenderer.removeListener(eventChannel(event), forward);
    },
  ]),
) as unknown as EnishiBridge['on'];

const bridge: EnishiBridge = { api, on };
contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
