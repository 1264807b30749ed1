/**
 * "Download…" confirmation: what the plan found (files, bytes, where to),
 * what happens to files that exist already, which keys cannot become local
 * files, and — when the selection holds archived objects — a clear warning
 * with the choice to skip them or restore them first and download them
 * when restored. Start turns the plan into a job in the jobs panel.
 */
import { useMemo, useState } from 'react';
import { COLLISION_POLICIES, type ArchivedChoice, type CollisionPolicy, type DownloadPlan } from '../../../../shared/ipc/transfers';
import { MAX_RESTORE_DAYS } from '../../../../shared/restore-rules';
import { AlertIcon, Button, ModalDialog } from '../../kit';
import { restoreRefusal, useAppStore } from '../../store';
import { ErrorLine } from '../../notify/error-line';
import { humanSize } from '../browse/format';
import { archivedClasses, archivedHeadline, COLLISION_TEXT, downloadButton, downloadNow, restoreFirstNeedsDays, restoreFirstTiers } from './transfer-view';
import { TransferFacts } from './transfer-facts';
import './transfers.css';

const n = (v: number) => v.toLocaleString('en-US');

/** The dialog; open while `downloadDialog` is set. */
export function DownloadDialog() {
  const dialog = useAppStore((s) => s.downloadDialog);
  if (!dialog) return null;
  return <DownloadConfirm plan={dialog.plan} key={dialog.plan.planId} />;
}

function DownloadConfirm({ plan }: { plan: DownloadPlan }) {
  const dialog = useAppStore((s) => s.downloadDialog);
  const close = useAppStore((s) => s.closeDownload);
  const start = useAppStore((s) => s.startDownload);
  const settings = useAppStore((s) => s.settings);
  const restoreBlocked = useAppStore((s) => restoreRefusal(s));
  const tiers = useMemo(() => restoreFirstTiers(plan), [plan]);
  const [collision, setCollision] = useState<CollisionPolicy>('skip');
  const [archived, setArchived] = useState<ArchivedChoice>('skip');
  const [tier, setTier] = useState(() => (tiers.includes(settings.restore.defaultTier) ? settings.restore.defaultTier : (tiers[0] ?? 'Standard')));
  const [daysText, setDaysText] = useState(String(settings.restore.defaultDays));
  const days = Number(daysText);
  const withDays = restoreFirstNeedsDays(plan);
  const daysValid = !withDays || (Number.isInteger(days) && days >= 1 && days <= MAX_RESTORE_DAYS);
  const hasArchived = plan.archived.objects > 0;
  const now = downloadNow(plan, archived);
  const nothing = now.files + now.later === 0;
  const canStart = !nothing && !dialog?.starting && (archived === 'skip' || (daysValid && restoreBlocked === null));

  const onStart = () => {
    if (!canStart) return;
    void start({ collision, archived, ...(archived === 'restore-first' ? { tier, ...(withDays ? { days } : {}) } : {}) });
  };

  return (
    <ModalDialog
      open
      title="Download"
      onClose={close}
      className="dialog-transfer"
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button variant="primary" disabled={!canStart} onClick={onStart} data-testid="download-start">
            {dialog?.starting ? 'Starting…' : nothing ? 'Nothing to download' : downloadButton(plan, archived)}
          </Button>
        </>
      }
    >
      <form
        className="transfer-form"
        data-testid="download-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          onStart();
        }}
      >
        <TransferFacts plan={plan} testid="download" />

        {hasArchived && (
          <div className="transfer-warning" role="alert" data-testid="download-archived">
            <p className="transfer-warning-title">
              <AlertIcon size={15} /> {archivedHeadline(plan)}
            </p>
            <p className="transfer-muted">
              {archivedClasses(plan.archived.byClass)}
              {plan.archived.restoring > 0 ? ` · ${n(plan.archived.restoring)} being restored already` : ''}. S3 refuses to read them until they are restored.
            </p>
            <fieldset className="transfer-choices">
              <legend className="visually-hidden">Archived objects</legend>
              <label className={`transfer-choice${archived === 'skip' ? ' is-chosen' : ''}`}>
                <input type="radio" name="archived" checked={archived === 'skip'} onChange={() => setArchived('skip')} />
                <span>
                  <strong>Skip them</strong>
                  <span className="transfer-muted"> — download the {n(now.files)} readable {now.files === 1 ? 'file' : 'files'} ({humanSize(now.bytes)}) now.</span>
                </span>
              </label>
              <label className={`transfer-choice${archived === 'restore-first' ? ' is-chosen' : ''}${restoreBlocked ? ' is-disabled' : ''}`} title={restoreBlocked ?? undefined}>
                <input type="radio" name="archived" checked={archived === 'restore-first'} disabled={restoreBlocked !== null} onChange={() => setArchived('restore-first')} />
                <span>
                  <strong>Restore them first</strong>
                  <span className="transfer-muted"> — start a restore job and download each one as soon as it is restored.</span>
                  {restoreBlocked && <span className="transfer-problem"> {restoreBlocked}</span>}
                </span>
              </label>
            </fieldset>
            {archived === 'restore-first' && (
              <div className="transfer-restore" data-testid="download-restore-options">
                <label>
                  <span>Tier</span>
                  <select value={tier} onChange={(e) => setTier(e.target.value as typeof tier)} data-testid="download-tier">
                    {tiers.map((t) => (
                      <option key={t} value={t}>
                        {t}
                      </option>
                    ))}
                  </select>
                </label>
                {withDays && (
                  <label>
                    <span>Keep restored copies for</span>
                    <input className="text-input" type="number" min={1} max={MAX_RESTORE_DAYS} value={daysText} aria-invalid={!daysValid} onChange={(e) => setDaysText(e.target.value)} />
                    <span>days</span>
                  </label>
                )}
                <span className="transfer-muted">The restore is billed like any other; its job shows the estimate.</span>
              </div>
            )}
          </div>
        )}

        <fieldset className="transfer-collision">
          <legend>If a local file exists already{plan.existing > 0 ? ` (${n(plan.existing)} do)` : ''}</legend>
          {COLLISION_POLICIES.map((p) => (
            <label key={p} className="transfer-radio" title={COLLISION_TEXT[p].hint}>
              <input type="radio" name="collision" value={p} checked={collision === p} onChange={() => setCollision(p)} />
              {COLLISION_TEXT[p].label}
            </label>
          ))}
          <p className="transfer-muted">{COLLISION_TEXT[collision].hint[0]?.toUpperCase() + COLLISION_TEXT[collision].hint.slice(1)}.</p>
        </fieldset>

        {plan.conflicts > 0 && (
          <p className="transfer-note">
            {n(plan.conflicts)} {plan.conflicts === 1 ? 'key maps' : 'keys map'} to the same local file as another key (names that differ only in case, or a file and a folder of one name); the choice above decides
            for them too.
          </p>
        )}

        {plan.unsafe.count > 0 && (
          <div className="transfer-note" data-testid="download-unsafe">
            <p>
              {n(plan.unsafe.count)} {plan.unsafe.count === 1 ? 'key has' : 'keys have'} no safe local name and will be skipped:
            </p>
            <ul className="transfer-examples">
              {plan.unsafe.examples.slice(0, 5).map((u) => (
                <li key={u.key}>
                  <span className="mono" title={u.key}>
                    {JSON.stringify(u.key)}
                  </span>{' '}
                  <span className="transfer-muted">{u.reason}</span>
                </li>
              ))}
              {plan.unsafe.count > Math.min(5, plan.unsafe.examples.length) && <li className="transfer-muted">and {n(plan.unsafe.count - Math.min(5, plan.unsafe.examples.length))} more</li>}
            </ul>
          </div>
        )}

        {dialog?.startError && <ErrorLine error={dialog.startError} />}
      </form>
    </ModalDialog>
  );
}
