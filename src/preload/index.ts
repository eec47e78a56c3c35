/**
 * The bridge between the sandboxed renderer and the main process: `window.archsim`, built from
 * the IPC contract's channel lists, and nothing else. Responses and events are validated here,
 * on arrival.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNELS } from '@shared/ipc/contract.ts';
import { createApi } from '@shared/ipc/dispatcher.ts';

contextBridge.exposeInMainWorld(
  'archsim',
  createApi(
    (channel, args) => ipcRenderer.invoke(channel, ...args),
    (deliver) => {
      const forwarders = EVENT_CHANNELS.map((channel) => {
        const forward = (_event: IpcRendererEvent, payload: unknown) => deliver(channel, payload);
        ipcRenderer.on(channel, forward);
        return () => ipcRenderer.removeListener(channel, forward);
      });
      return () => forwarders.forEach((stop) => stop());
    },
  ),
);
