/**
 * The preload script: exposes `window.thaw` and nothing else.
 *
 * Bundled into one CommonJS file with only 'electron' external, because a
 * sandboxed preload cannot `require` anything else. It never exposes
 * ipcRenderer, process, process.env or any generic invoke/send/on.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createThawApi } from './bridge';
import { createIpcTransport } from './ipc-transport';

contextBridge.exposeInMainWorld('thaw', createThawApi(createIpcTransport(ipcRenderer)));
