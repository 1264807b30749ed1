/**
 * The toolbar's "Upload" button: a small menu of Files… and Folder…, each opening the native dialog.
 */
import { useEffect, useRef, useState } from 'react';
import { Button } from '../../kit';
import { useAppStoreApi } from '../../store';
import { uploadInto } from '../actions/object-actions';
import { UploadIcon } from '../browse/browse-icons';

/** The button and its menu; `disabled` carries the read-only reason. */
export function UploadButton({ disabled, busy }: { disabled: string | null; busy: boolean }) {
  const store = useAppStoreApi();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (ref.current && e.target instanceof Node && ref.current.contains(e.target)) return;
      setOpen(false);
    };
    window.addEventListener('mousedown', close, true);
    return () => window.removeEventListener('mousedown', close, true);
  }, [open]);

  const pick = (what: 'files' | 'folder') => {
    setOpen(false);
    uploadInto(store.getState(), what);
  };

  return (
    <div className="upload-menu" ref={ref}>
      <Button
        icon={<UploadIcon />}
        disabled={disabled !== null || busy}
        title={disabled ?? 'Upload files or a folder into this folder (or drop files on the table)'}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        data-testid="toolbar-upload"
      >
        {busy ? 'Preparing…' : 'Upload'}
      </Button>
      {open && (
        <div
          className="ctx-menu upload-menu-list"
          role="menu"
          aria-label="Upload"
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
          }}
        >
          <button type="button" role="menuitem" className="ctx-item" autoFocus onClick={() => pick('files')}>
            Files…
          </button>
          <button type="button" role="menuitem" className="ctx-item" onClick={() => pick('folder')}>
            Folder…
          </button>
        </div>
      )}
    </div>
  );
}
