/**
 * A safety net: failures nobody caught become toasts instead of silence.
 *
 * An action that forgets its `catch`, or a promise from `window.thaw` whose
 * failure is rethrown and left unhandled, still reaches the user as the
 * sentence for its code (a `ThawCallError` or any `{ code, message }` with a
 * known code keeps it; anything else reads as `Internal`).
 */
import { asIpcError } from '../ipc/api';
import type { AppStore } from '../store/types';

/** Listens for unhandled rejections and uncaught errors on `target`; returns the disposer. */
export function installGlobalErrorToasts(store: AppStore, target: Window = window): () => void {
  const onRejection = (event: PromiseRejectionEvent) => {
    event.preventDefault();
    console.error('Unhandled rejection:', event.reason);
    store.getState().notifyError(asIpcError(event.reason));
  };
  const onError = (event: ErrorEvent) => {
    // Resource load errors have no `error`; only script errors are worth a toast.
    if (event.error === undefined && !event.message) return;
    store.getState().notifyError(asIpcError(event.error ?? { message: event.message }));
  };
  target.addEventListener('unhandledrejection', onRejection);
  target.addEventListener('error', onError);
  return () => {
    target.removeEventListener('unhandledrejection', onRejection);
    target.removeEventListener('error', onError);
  };
}
