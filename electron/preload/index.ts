/**
 * The preload script: exposes `window.thaw` and `window.thawFiles`, and nothing else.
 *
 * Bundled into one CommonJS file with only 'electron' external, because a
 * sandboxed preload cannot `require` anything else. It never exposes
 * ipcRenderer, process, process.env or any generic invoke/send/on.
 * `window.thaw` is the contract (bridge.ts); `window.thawFiles` is the one
 * helper the contract cannot express, for files dropped on the window (files.ts).
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createThawApi } from './bridge';
import { createFilesApi } from './files';
import { createIpcTransport } from './ipc-transport';

const transport = createIpcTransport(ipcRenderer);
contextBridge.exposeInMainWorld('thaw', createThawApi(transport));
contextBridge.exposeInMainWorld('thawFiles', createFilesApi(webUtils, transport));
