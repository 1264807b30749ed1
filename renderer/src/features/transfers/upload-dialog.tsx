/**
 * "Upload…" confirmation: what the plan found (files, bytes, what was left
 * out and why), where it goes, the storage class, optional user metadata
 * (e.g. `sample-count`) and what to do with keys that exist already. Start
 * turns the plan into a job in the jobs panel.
 */
import { useState } from 'react';
import { WRITABLE_STORAGE_CLASSES, type UploadPlan } from '../../../../shared/ipc/transfers';
import { Button, ModalDialog, PairsEditor, type Pair } from '../../kit';
import { ErrorLine } from '../../notify/error-line';
import { useAppStore, type WritableStorageClass } from '../../store';
import { classInfo, isArchiveClass } from '../browse/format';
import { checkMetadata } from './transfer-view';
import { TransferFacts } from './transfer-facts';
import './transfers.css';

const n = (v: number) => v.toLocaleString('en-US');

/** The dialog; open while `uploadDialog` is set. */
export function UploadDialog() {
  const dialog = useAppStore((s) => s.uploadDialog);
  if (!dialog) return null;
  return <UploadConfirm plan={dialog.plan} key={dialog.plan.planId} />;
}

function UploadConfirm({ plan }: { plan: UploadPlan }) {
  const dialog = useAppStore((s) => s.uploadDialog);
  const close = useAppStore((s) => s.closeUpload);
  const start = useAppStore((s) => s.startUpload);
  const [storageClass, setStorageClass] = useState<WritableStorageClass>('STANDARD');
  const [rows, setRows] = useState<Pair[]>([]);
  const [collision, setCollision] = useState<'overwrite' | 'skip'>('overwrite');
  const { problems, metadata } = checkMetadata(rows);
  const canStart = plan.files > 0 && metadata !== null && !dialog?.starting;

  const onStart = () => {
    if (!canStart || !metadata) return;
    void start({ storageClass, metadata, collision });
  };

  return (
    <ModalDialog
      open
      title="Upload"
      onClose={close}
      className="dialog-transfer"
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button variant="primary" disabled={!canStart} onClick={onStart} data-testid="upload-start">
            {dialog?.starting ? 'Starting…' : plan.files === 0 ? 'Nothing to upload' : `Upload ${n(plan.files)} ${plan.files === 1 ? 'file' : 'files'}`}
          </Button>
        </>
      }
    >
      <form
        className="transfer-form"
        data-testid="upload-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          onStart();
        }}
      >
        <TransferFacts plan={plan} testid="upload" />

        {plan.skipped.count > 0 && (
          <div className="transfer-note" data-testid="upload-skipped">
            <p>
              {n(plan.skipped.count)} {plan.skipped.count === 1 ? 'entry is' : 'entries are'} left out:
            </p>
            <ul className="transfer-examples">
              {plan.skipped.examples.slice(0, 5).map((u) => (
                <li key={u.key}>
                  <span className="mono">{u.key}</span> <span className="transfer-muted">{u.reason}</span>
                </li>
              ))}
              {plan.skipped.count > Math.min(5, plan.skipped.examples.length) && <li className="transfer-muted">and {n(plan.skipped.count - Math.min(5, plan.skipped.examples.length))} more</li>}
            </ul>
          </div>
        )}

        <div className="transfer-field">
          <label htmlFor="upload-class">Storage class</label>
          <select id="upload-class" value={storageClass} onChange={(e) => setStorageClass(e.target.value as WritableStorageClass)} data-testid="upload-class">
            {WRITABLE_STORAGE_CLASSES.map((c) => (
              <option key={c} value={c}>
                {classInfo(c).title}
              </option>
            ))}
          </select>
          {isArchiveClass(storageClass) && <p className="transfer-muted">Objects in this class must be restored before anyone can read them again.</p>}
        </div>

        <div className="transfer-field">
          <span className="transfer-label">User metadata</span>
          <p className="transfer-muted">Stored with every file as x-amz-meta-name; Thaw’s statistics count samples from sample-count.</p>
          <PairsEditor
            rows={rows}
            onChange={setRows}
            problems={problems}
            prefix="x-amz-meta-"
            placeholder={{ name: 'sample-count', value: '12000' }}
            addLabel="Add metadata"
            nameLabel="Metadata name"
            valueLabel="Metadata value"
          />
        </div>

        <fieldset className="transfer-collision">
          <legend>If a key exists already</legend>
          <label className="transfer-radio">
            <input type="radio" name="upload-collision" checked={collision === 'overwrite'} onChange={() => setCollision('overwrite')} />
            Replace it
          </label>
          <label className="transfer-radio">
            <input type="radio" name="upload-collision" checked={collision === 'skip'} onChange={() => setCollision('skip')} />
            Skip the file
          </label>
          <p className="transfer-muted">On a versioned bucket the replaced object stays as a noncurrent version.</p>
        </fieldset>

        {dialog?.startError && <ErrorLine error={dialog.startError} />}
      </form>
    </ModalDialog>
  );
}
