/**
 * The bridge between the sandboxed renderer and the main process: `window.archsim`, built from
 * the IPC contract's channel list, and nothing else. Responses are validated here, on arrival.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createApi } from '@shared/ipc/dispatcher.ts';

contextBridge.exposeInMainWorld(
  'archsim',
  createApi((channel, args) => ipcRenderer.invoke(channel, ...args)),
);
