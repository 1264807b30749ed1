/**
 * Where toasts appear: bottom right, newest last, above the status bar.
 *
 * Errors are `role="alert"` (announced at once), everything else
 * `role="status"` (announced politely). Hover or focus holds a toast open.
 */
import { AlertIcon, CheckIcon, CloseIcon, IconButton, InfoIcon } from '../../kit';
import { useAppStore, type Toast } from '../../store';

/** Renders every toast in the store. */
export function ToastViewport() {
  const toasts = useAppStore((s) => s.toasts);
  return (
    <div className="toasts" aria-label="Notifications">
      {toasts.map((t) => (
        <ToastCard key={t.id} toast={t} />
      ))}
    </div>
  );
}

const ICONS = { error: AlertIcon, success: CheckIcon, info: InfoIcon } as const;

function ToastCard({ toast }: { toast: Toast }) {
  const dismiss = useAppStore((s) => s.dismissToast);
  const hold = useAppStore((s) => s.holdToast);
  const release = useAppStore((s) => s.releaseToast);
  const Icon = ICONS[toast.kind];
  return (
    <div
      className={`toast toast-${toast.kind}`}
      role={toast.kind === 'error' ? 'alert' : 'status'}
      data-toast-kind={toast.kind}
      data-error-code={toast.code}
      onMouseEnter={() => hold(toast.id)}
      onMouseLeave={() => release(toast.id)}
      onFocus={() => hold(toast.id)}
      onBlur={() => release(toast.id)}
    >
      <Icon className="toast-icon" />
      <div className="toast-text">
        <p className="toast-title">
          {toast.title}
          {toast.count > 1 && <span className="toast-count"> ×{toast.count}</span>}
        </p>
        {toast.detail && <p className="toast-detail">{toast.detail}</p>}
        {toast.code && <p className="toast-code">{toast.code}</p>}
      </div>
      <IconButton className="toast-close" label="Dismiss notification" icon={<CloseIcon size={14} />} onClick={() => dismiss(toast.id)} />
    </div>
  );
}
