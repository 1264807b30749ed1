/**
 * The bulk-operation dialog: Delete, Copy to, Move to, Change storage class.
 *
 * Copy and move first ask where to, a class change which class; then
 * `objects:plan-operation` counts what the selection holds and the dialog
 * says exactly what will happen — how many objects and bytes, archived
 * objects skipped, minimum-duration charges — before the job starts.
 */
import { useState } from 'react';
import { WRITABLE_STORAGE_CLASSES } from '../../../../shared/ipc/transfers';
import type { OperationPlan } from '../../../../shared/ipc/objects';
import { AlertIcon, Button, ModalDialog, Spinner } from '../../kit';
import { ErrorLine } from '../../notify/error-line';
import { useAppStore, type OperationDestination, type WritableStorageClass } from '../../store';
import { classInfo, humanSize } from '../browse/format';
import { DestinationPicker } from './destination-picker';
import { actionable, CLASS_NOTE, classBreakdown, OPERATION_TITLE, planWarnings, startLabel } from './operation-view';
import '../transfers/transfers.css';
import './operations.css';

const n = (v: number) => v.toLocaleString('en-US');

/** The dialog; open while `operationDialog` is set. */
export function OperationDialog() {
  const dialog = useAppStore((s) => s.operationDialog);
  if (!dialog) return null;
  return <OperationDialogBody key={`${dialog.op}:${dialog.selection.bucket}`} />;
}

function OperationDialogBody() {
  const dialog = useAppStore((s) => s.operationDialog)!;
  const close = useAppStore((s) => s.closeOperation);
  const plan = useAppStore((s) => s.planOperation);
  const revise = useAppStore((s) => s.reviseOperation);
  const start = useAppStore((s) => s.startOperation);
  const [destination, setDestination] = useState<OperationDestination>(() => dialog.destination ?? { bucket: dialog.selection.bucket, prefix: dialog.selection.base });
  const [storageClass, setStorageClass] = useState<WritableStorageClass | null>(dialog.storageClass);
  const op = dialog.op;

  let body;
  let footer;
  if (dialog.status === 'choose') {
    const sameSpot = destination.bucket === dialog.selection.bucket && destination.prefix === dialog.selection.base;
    const prefixValid = destination.prefix === '' || destination.prefix.endsWith('/');
    const ready = op === 'storage-class' ? storageClass !== null : prefixValid && !sameSpot;
    body = (
      <>
        <p className="op-lead">
          {op === 'storage-class' ? 'Change the storage class of' : op === 'copy' ? 'Copy' : 'Move'} <strong>{dialog.label}</strong>
          {' to:'}
        </p>
        {op === 'storage-class' ? (
          <fieldset className="op-classes">
            <legend className="visually-hidden">New storage class</legend>
            {WRITABLE_STORAGE_CLASSES.map((c) => (
              <label key={c} className={`transfer-choice${storageClass === c ? ' is-chosen' : ''}`}>
                <input type="radio" name="op-class" value={c} checked={storageClass === c} onChange={() => setStorageClass(c)} />
                <span>
                  <strong>{classInfo(c).title}</strong>
                  <span className="transfer-muted"> — {CLASS_NOTE[c]}</span>
                </span>
              </label>
            ))}
          </fieldset>
        ) : (
          <>
            <DestinationPicker value={destination} onChange={setDestination} />
            {sameSpot && <p className="transfer-muted">Choose another folder: this is where the selection is now.</p>}
          </>
        )}
      </>
    );
    footer = (
      <>
        <Button onClick={close}>Cancel</Button>
        <Button
          variant="primary"
          disabled={!ready}
          onClick={() => void plan(op === 'storage-class' ? { storageClass: storageClass ?? undefined } : { destination })}
          data-testid="operation-continue"
        >
          Continue
        </Button>
      </>
    );
  } else if (dialog.status === 'planning') {
    body = (
      <div className="restore-planning" data-testid="operation-planning">
        <Spinner label="Counting" />
        <div>
          <p className="restore-planning-title">Counting what {dialog.label} holds…</p>
          <p className="transfer-muted">Nothing changes until you confirm.</p>
        </div>
      </div>
    );
    footer = <Button onClick={close}>Cancel</Button>;
  } else if (dialog.status === 'failed') {
    body = dialog.error ? <ErrorLine error={dialog.error} /> : null;
    footer = (
      <>
        {op !== 'delete' && <Button onClick={revise}>Back</Button>}
        <Button onClick={close}>Close</Button>
        <Button variant="primary" onClick={() => void plan()}>
          Try again
        </Button>
      </>
    );
  } else if (dialog.plan) {
    const p = dialog.plan;
    const count = actionable(p);
    body = <PlanSummary plan={p} />;
    footer = (
      <>
        {op !== 'delete' && (
          <Button onClick={revise} disabled={dialog.starting}>
            Back
          </Button>
        )}
        <Button onClick={close}>Cancel</Button>
        <Button variant={op === 'delete' ? 'danger' : 'primary'} disabled={count === 0 || dialog.starting} onClick={() => void start()} data-testid="operation-start">
          {dialog.starting ? 'Starting…' : count === 0 ? 'Nothing to do' : startLabel(p, dialog.storageClass)}
        </Button>
      </>
    );
  }

  return (
    <ModalDialog open title={OPERATION_TITLE[op]} onClose={close} className="dialog-transfer" footer={footer}>
      <div className="transfer-form" data-testid="operation-dialog" data-op={op} data-status={dialog.status}>
        {body}
        {dialog.status === 'ready' && dialog.error && <ErrorLine error={dialog.error} />}
      </div>
    </ModalDialog>
  );
}

/** What the plan found and what will happen. */
function PlanSummary({ plan }: { plan: OperationPlan }) {
  const warnings = planWarnings(plan);
  return (
    <>
      {plan.op === 'delete' ? (
        <p className="op-warning is-danger" role="alert" data-testid="operation-summary">
          <AlertIcon size={15} />
          <span>{plan.summary}</span>
        </p>
      ) : (
        <p className="op-lead" data-testid="operation-summary">
          {plan.summary}
        </p>
      )}
      <dl className="transfer-facts">
        <div>
          <dt>Objects</dt>
          <dd data-testid="operation-objects">{n(plan.objects)}</dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd title={`${n(plan.bytes)} bytes`} data-testid="operation-bytes">
            {humanSize(plan.bytes)}
          </dd>
        </div>
        <div>
          <dt>Archived</dt>
          <dd>{n(plan.archived.objects)}</dd>
        </div>
        {Object.keys(plan.byClass).length > 0 && (
          <div className="transfer-fact-wide">
            <dt>By storage class</dt>
            <dd>{classBreakdown(plan.byClass)}</dd>
          </div>
        )}
      </dl>
      {warnings.map((w) =>
        w.tone === 'note' ? (
          <p key={w.text} className="transfer-note">
            {w.text}
          </p>
        ) : (
          <p key={w.text} className={`op-warning is-${w.tone}`} role={w.tone === 'danger' ? 'alert' : undefined}>
            <AlertIcon size={15} />
            <span>{w.text}</span>
          </p>
        ),
      )}
    </>
  );
}
