/**
 * The bridge's Transport over Electron's ipcRenderer.
 *
 * Calls go through `ipcRenderer.invoke` on the contract's channel names only
 * (bridge.ts picks the channel, never the page). Event listeners are wrapped
 * so the page receives the payload alone: the IpcRendererEvent carries
 * `sender`, which would hand the page the whole IPC system (checklist #20).
 */
import type { IpcRenderer } from 'electron';
import type { Result } from '../../shared/ipc/result';
import type { Transport } from './bridge';

/** Creates the transport; `ipc` is Electron's ipcRenderer (a fake in tests). */
export function createIpcTransport(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): Transport {
  return {
    async invoke(channel, input) {
      try {
        return (await ipc.invoke(channel, input)) as Result<unknown>;
      } catch {
        // Main never throws across IPC; reaching here means the channel vanished (e.g. during shutdown).
        return { ok: false, error: { code: 'Internal', message: 'The call could not reach the Thaw core.' } };
      }
    },
    subscribe(event, listener) {
      const relay = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(event, relay);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        ipc.removeListener(event, relay);
      };
    },
  };
}
