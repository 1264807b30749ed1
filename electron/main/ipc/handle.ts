/**
 * The one doorway for renderer→main calls: one `ipcMain.handle` per contract call.
 *
 * Every handler checks the sender first and answers `ForbiddenSender` without
 * touching the input when it is not Thaw's own top frame; then `dispatch`
 * parses the input with the contract's schema, runs the core handler and
 * wraps the outcome in a `Result`. No generic channel is ever registered.
 */
import { ipcMain, type IpcMain, type IpcMainInvokeEvent } from 'electron';
import { callNames } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';
import { dispatch } from '../../core/ipc/dispatch';
import type { Handlers } from '../../core/types';

/** Decides whether an IPC event comes from Thaw's own window; see sender-trust.ts. */
export type IsTrustedSender = (event: IpcMainInvokeEvent) => boolean;

/** The answer to any call from an untrusted sender; a fresh object each time so no caller can alter another's. */
function forbidden(): Result<never> {
  return { ok: false, error: { code: 'ForbiddenSender', message: 'This call did not come from the Thaw window.' } };
}

/**
 * Registers a handler for every contract call on `ipcMain`.
 *
 * Returns a function that removes them all again (used on shutdown and in tests).
 */
export function registerHandlers(
  ipc: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: Handlers,
  isTrustedSender: IsTrustedSender,
): () => void {
  for (const channel of callNames) {
    ipc.handle(channel, async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      let trusted: boolean;
      try {
        trusted = isTrustedSender(event);
      } catch {
        trusted = false;
      }
      if (!trusted) return forbidden();
      return dispatch(handlers, channel, args);
    });
  }
  return () => {
    for (const channel of callNames) ipc.removeHandler(channel);
  };
}

/** `registerHandlers` on Electron's real `ipcMain`; the lifecycle's entry point. */
export function registerContractHandlers(handlers: Handlers, isTrustedSender: IsTrustedSender): () => void {
  return registerHandlers(ipcMain, handlers, isTrustedSender);
}
