/**
 * The one-field dialogs: "Rename…" an object in its folder, and "New folder…" in the folder on screen.
 */
import { useState } from 'react';
import type { IpcError } from '../../../../shared/ipc/result';
import { Button, ModalDialog } from '../../kit';
import { ErrorLine } from '../../notify/error-line';
import { nameProblem, useAppStore, type NameDialogState } from '../../store';
import './operations.css';

/** The dialog; open while `nameDialog` is set. */
export function NameDialog() {
  const dialog = useAppStore((s) => s.nameDialog);
  if (!dialog) return null;
  return <NameForm dialog={dialog} key={dialog.kind === 'rename' ? `r:${dialog.key}` : `n:${dialog.prefix}`} />;
}

function NameForm({ dialog }: { dialog: NameDialogState }) {
  const close = useAppStore((s) => s.closeNameDialog);
  const rename = useAppStore((s) => s.renameObject);
  const createFolder = useAppStore((s) => s.createFolder);
  const rename_ = dialog.kind === 'rename';
  const folder = rename_ ? dialog.key.slice(0, dialog.key.lastIndexOf('/') + 1) : dialog.prefix;
  const [name, setName] = useState(rename_ ? dialog.key.slice(folder.length) : '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const problem = nameProblem(name);

  const submit = async () => {
    if (problem || busy) return;
    setBusy(true);
    setError(null);
    const failed = rename_ ? await rename(name) : await createFolder(name);
    setBusy(false);
    if (failed) setError(failed);
  };

  return (
    <ModalDialog
      open
      title={rename_ ? 'Rename' : 'New folder'}
      onClose={close}
      className="dialog-narrow"
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button variant="primary" disabled={problem !== null || busy} onClick={() => void submit()} data-testid="name-submit">
            {busy ? 'Working…' : rename_ ? 'Rename' : 'Create folder'}
          </Button>
        </>
      }
    >
      <form
        className="transfer-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="transfer-field">
          <label htmlFor="name-input">{rename_ ? 'New name' : 'Folder name'}</label>
          <div className="transfer-key">
            <span className="mono transfer-muted" title={`s3://${dialog.bucket}/${folder}`}>
              {folder || '/'}
            </span>
            <input id="name-input" className="text-input mono" autoFocus value={name} spellCheck={false} onChange={(e) => setName(e.target.value)} data-testid="name-input" />
            {!rename_ && <span className="mono transfer-muted">/</span>}
          </div>
          {name !== '' && problem && <p className="transfer-problem">{problem}</p>}
        </div>
        <p className="transfer-muted">
          {rename_
            ? 'S3 has no rename: Thaw copies the object with its metadata and tags to the new name, then deletes the old one.'
            : 'S3 has no folders: Thaw creates an empty object whose key ends in “/”, which every S3 tool shows as a folder.'}
        </p>
        {error && <ErrorLine error={error} />}
      </form>
    </ModalDialog>
  );
}
