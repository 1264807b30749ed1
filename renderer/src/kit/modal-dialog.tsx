/**
 * A modal dialog on the native `<dialog>` element.
 *
 * `showModal()` gives focus trapping, Escape to close and an inert
 * background for free; the component only mirrors `open` into it.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { IconButton } from './button';
import { CloseIcon } from './icons';

/** Props of `ModalDialog`. */
export interface ModalDialogProps {
  open: boolean;
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Buttons at the bottom right. */
  footer?: ReactNode;
  /** Extra class for sizing, e.g. `dialog-narrow`. */
  className?: string;
}

/** A titled modal with a close button; closes on Escape and on a click outside its box. */
export function ModalDialog({ open, title, onClose, children, footer, className }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // jsdom lacks showModal; fall back to the attribute so tests can still render it.
    if (open && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    } else if (!open && dialog.open) {
      if (typeof dialog.close === 'function') dialog.close();
      else dialog.removeAttribute('open');
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={['modal', className].filter(Boolean).join(' ')}
      aria-labelledby={titleId}
      onCancel={(event) => {
        // Let React state drive closing so `open` stays the single source of truth.
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        if (event.target === ref.current) onClose();
      }}
    >
      {open && (
        <div className="modal-box">
          <header className="modal-header">
            <h2 id={titleId}>{title}</h2>
            <IconButton label="Close" icon={<CloseIcon />} onClick={onClose} />
          </header>
          <div className="modal-body">{children}</div>
          {footer && <footer className="modal-footer">{footer}</footer>}
        </div>
      )}
    </dialog>
  );
}
