/**
 * An error inside a dialog: the code's sentence, then main's message when it adds something.
 */
import type { IpcError } from '../../../shared/ipc/result';
import { describeError } from './error-text';

/** One `role="alert"` paragraph for an error shown in place (not as a toast). */
export function ErrorLine({ error, className = 'dialog-error' }: { error: IpcError; className?: string }) {
  const { title, detail } = describeError(error);
  return (
    <p className={className} role="alert">
      {title}
      {detail && <span className="dialog-error-detail"> {detail}</span>}
    </p>
  );
}
