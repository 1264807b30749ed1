/**
 * Files dropped on the table upload into the folder on screen.
 *
 * Only drags that carry files react (not text or rows); while one hovers,
 * a dashed frame says where the files go, or why they cannot (read-only).
 * The paths come from the preload (`window.thawFiles`); where there is no
 * preload the slice falls back to the native file dialog.
 */
import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { useAppStore, useAppStoreApi, writeRefusal } from '../../store';
import './transfers.css';

const carriesFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

/** Wraps the table; `children` is the table itself. */
export function DropTarget({ children }: { children: ReactNode }) {
  const store = useAppStoreApi();
  const refusal = useAppStore((s) => writeRefusal(s));
  const where = useAppStore((s) => (s.location ? `s3://${s.location.bucket}/${s.location.prefix}` : ''));
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child crossed: count them so the frame does not flicker.
  const depth = useRef(0);

  return (
    <div
      className="drop-target"
      data-testid="drop-target"
      onDragEnter={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        depth.current++;
        setOver(true);
      }}
      onDragOver={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = refusal ? 'none' : 'copy';
      }}
      onDragLeave={(e) => {
        if (!carriesFiles(e)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        depth.current = 0;
        setOver(false);
        const files = Array.from(e.dataTransfer.files);
        const state = store.getState();
        if (refusal) state.notify('info', refusal);
        else void state.uploadDropped(files);
      }}
    >
      {children}
      {over && (
        <div className="drop-hint" aria-hidden="true">
          {refusal ?? `Drop to upload into ${where}`}
        </div>
      )}
    </div>
  );
}
